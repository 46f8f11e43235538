"""Append-only tables guarded by the database, not only by the ORM.

Every table of an `AppendOnlyModel` gets two triggers that refuse UPDATE and DELETE
with "<table> is append-only" — on PostgreSQL (a PL/pgSQL function) and on SQLite. They
are created by the audit app's migration and ensured again after every `migrate`
(`post_migrate`), so a later migration that rebuilds a table on SQLite (which drops its
triggers) gets them back. `flush` (an explicit "empty the database", used between
transactional tests) lifts them on SQLite for its own DELETEs; PostgreSQL's TRUNCATE
does not fire row triggers.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper

FUNCTION = "gongkai_append_only"


def append_only_tables() -> list[str]:
    """Return the tables of every installed append-only model."""
    from gongkai_web.audit.models import AppendOnlyModel

    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel)
    )


def ensure_triggers(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    """Create (or re-create) the append-only triggers of `tables` that exist."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
            )
        for table in tables:
            if table not in existing:
                continue
            for verb in ("update", "delete"):
                name = f"{table}_no_{verb}"
                if connection.vendor == "postgresql":
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" BEFORE {verb.upper()} ON "{table}" '
                        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
                    )
                elif connection.vendor == "sqlite":
                    cursor.execute(
                        f'CREATE TRIGGER IF NOT EXISTS "{name}" BEFORE {verb.upper()} '
                        f'ON "{table}" BEGIN '
                        f"SELECT RAISE(ABORT, '{table} is append-only'); END"
                    )


def drop_triggers(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    """Drop the append-only triggers of `tables` (for `flush` only)."""
    with connection.cursor() as cursor:
        for table in tables:
            for verb in ("update", "delete"):
                on = f' ON "{table}"' if connection.vendor == "postgresql" else ""
                cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_{verb}"{on}')


def after_migrate(using: str = "default", **_kwargs: Any) -> None:
    """`post_migrate` receiver: every append-only table has its triggers."""
    from django.db import connections

    ensure_triggers(connections[using], append_only_tables())
