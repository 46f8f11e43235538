"""Idempotency keys: the key's SHA-256 instead of the key, and the receipt's code no
longer kept in clear (issue 14). Existing rows keep their application (a retry still
makes no second case) but lose their code: a retry gets 409 receipt_expired."""

import hashlib
from typing import Any

from django.db import migrations, models


def digest_keys(apps: Any, schema_editor: Any) -> None:
    IdempotencyKey = apps.get_model("api", "IdempotencyKey")
    for row in IdempotencyKey.objects.only("pk", "key"):
        IdempotencyKey.objects.filter(pk=row.pk).update(
            key_digest=hashlib.sha256(row.key.encode()).hexdigest(), code=""
        )


class Migration(migrations.Migration):
    dependencies = [("api", "0001_tokens")]

    operations = [
        migrations.AddField(
            model_name="idempotencykey",
            name="key_digest",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="idempotencykey",
            name="sealed",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(digest_keys, migrations.RunPython.noop),
    ]
