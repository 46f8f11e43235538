"""The Celery application and the one way to hand a task to the broker: by name.

The tasks are defined where their work is (`jobs/celery_app.py`, `outbox/tasks.py`) and
import `app` from here; code that only sends (`jobs.services.dispatch`,
`outbox.delivery.dispatch`) calls `send` with the task's name, so no module imports the
tasks of the module that imports it. Configuration comes from the `CELERY_*` settings.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")


def send(task: str, *args: Any, countdown: float | None = None) -> None:
    """Queue the task named `task` with `args` on the broker (after `countdown` s)."""
    app.send_task(task, args, countdown=countdown)
