"""The only code that changes applications: one function per action, ledger import.

`registration.register` opens a case; `actions.<action>` records each later event;
`ledger.import_ledger` stores a whole ledger. Each runs in one transaction.
"""

from __future__ import annotations

from gongkai_web.applications.services.actions import (
    ACTION_ROLES,
    allowed_actions_for,
    ask_correction,
    correction_lapsed,
    end_consultation,
    extend,
    fee_lapsed,
    fee_notice,
    fee_paid,
    receive_correction,
    reply,
    start_consultation,
    withdraw,
)
from gongkai_web.applications.services.ledger import (
    ImportSummary,
    export_rows,
    import_ledger,
)
from gongkai_web.applications.services.ledger_rows import ledger_row_of
from gongkai_web.applications.services.registration import (
    NewApplication,
    add_attachment,
    register,
)

__all__ = [
    "ACTION_ROLES",
    "ImportSummary",
    "NewApplication",
    "add_attachment",
    "allowed_actions_for",
    "ask_correction",
    "correction_lapsed",
    "end_consultation",
    "export_rows",
    "extend",
    "fee_lapsed",
    "fee_notice",
    "fee_paid",
    "import_ledger",
    "ledger_row_of",
    "receive_correction",
    "register",
    "reply",
    "start_consultation",
    "withdraw",
]
