from __future__ import annotations

from pathlib import Path

from gongkai_cli.report import schema_text

COMMITTED = Path(__file__).parents[2] / "schema" / "annual-report.schema.json"


def test_committed_schema_is_the_generated_one() -> None:
    # Regenerate with: .venv/bin/gongkai schema > schema/annual-report.schema.json
    assert COMMITTED.read_text(encoding="utf-8") == schema_text()
