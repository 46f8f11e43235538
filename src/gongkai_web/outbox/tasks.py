"""The Celery task that sends one message, when a broker is configured.

Without a broker, `delivery.dispatch` sends in the process that wrote the message,
after its commit. With one, it queues `gongkai.outbox.deliver`; the task sends as
`delivery.deliver` does, then asks Celery to run it again while the message is not
finished: at the retry time after a passing failure, or when the lease of a worker
that died while sending runs out (Celery redelivers that task at once, before the
lease, so this wait is what takes the message over). `gongkai notify send` and the
daily digest job sweep whatever is left due.
"""

from __future__ import annotations

from celery import Task

from gongkai_web.jobs.broker import app
from gongkai_web.outbox import delivery


@app.task(bind=True, name="gongkai.outbox.deliver", acks_late=True)
def deliver_message(self: Task, pk: int) -> str:
    state = delivery.deliver(pk)
    wait = delivery.seconds_until_due(pk)
    if wait is not None:
        raise self.retry(countdown=wait, max_retries=None)
    return state
