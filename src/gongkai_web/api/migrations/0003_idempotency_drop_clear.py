"""Drop the clear Idempotency-Key and code columns (after 0002 digested the keys)."""

from django.db import migrations, models
from django.utils import timezone


class Migration(migrations.Migration):
    dependencies = [("api", "0002_idempotency_sealed")]

    operations = [
        migrations.RemoveConstraint(
            model_name="idempotencykey", name="api_idempotency_key"
        ),
        migrations.RemoveField(model_name="idempotencykey", name="key"),
        migrations.RemoveField(model_name="idempotencykey", name="code"),
        migrations.AddConstraint(
            model_name="idempotencykey",
            constraint=models.UniqueConstraint(
                fields=("token", "key_digest"), name="api_idempotency_key_digest"
            ),
        ),
        migrations.AlterField(
            model_name="idempotencykey",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=timezone.now),
        ),
    ]
