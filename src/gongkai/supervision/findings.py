"""A supervision finding: one problem of one agency's report for one year."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "提醒", "info": "提示"}[self]


@dataclass(frozen=True)
class SupervisionFinding:
    """`path` locates the problem in the model (`applications.total[6]`) or the file."""

    agency: str  # the agency's code
    year: int
    rule: str
    severity: Severity
    path: str | None
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def to_dict(self, lang: str = "zh") -> dict[str, object]:
        """The JSON record of `gongkai supervise check --json`."""
        return {
            "agency": self.agency,
            "year": self.year,
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message(lang),
        }
