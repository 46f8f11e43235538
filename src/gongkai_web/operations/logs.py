"""JSON-lines log records on stdout, one object per line, for journald or a collector.

Every record has `time` (ISO 8601 with offset), `level`, `logger` and `message`; the
fields a caller passes in `extra={"fields": {...}}` are merged in (requests: method,
path, status, duration; tasks: name, id, state). A traceback goes in `exc`.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
