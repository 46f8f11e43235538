"""Background jobs of the applications app (registered on import; see gongkai_web.jobs).

`ledger`: importing a ledger file, with rows done / total shown on the ledger page.
`reminders`: the daily due-date reminder and the overdue flip, per agency (beat).
"""

from __future__ import annotations

from gongkai_web.applications.tasks import ledger, reminders

__all__ = ["ledger", "reminders"]
