"""Store the default reply-letter text of every outcome (agency = NULL rows)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from gongkai.vocabulary import Outcome
from gongkai_web.applications.letter_defaults import default_template


def add_defaults(apps: Any, schema_editor: Any) -> None:
    template = apps.get_model("applications", "ReplyTemplate")
    for outcome in Outcome:
        title, body = default_template(outcome)
        template.objects.get_or_create(
            agency=None, outcome=outcome.value, defaults={"title": title, "body": body}
        )


def remove_defaults(apps: Any, schema_editor: Any) -> None:
    apps.get_model("applications", "ReplyTemplate").objects.filter(agency=None).delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
