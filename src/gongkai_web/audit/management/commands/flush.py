"""`flush`, lifting the append-only triggers on SQLite for its own DELETEs.

Emptying the whole database is an explicit administrative act (and what Django does
between transactional tests); on SQLite it is a DELETE per table, which the triggers
would refuse. They are dropped for it and created again afterwards.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from gongkai_web.audit.append_only import (
    append_only_tables,
    drop_triggers,
    ensure_triggers,
)


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        tables = append_only_tables()
        drop_triggers(connection, tables)
        try:
            super().handle(**options)
        finally:
            ensure_triggers(connection, tables)
