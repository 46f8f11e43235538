"""The official annual-report formats: one module per revision, and their registry.

国办公开办函〔2019〕60号 (`f2019`) and 国办公开办函〔2021〕30号 (`f2021`) fix the tables
of sections 二, 三 and 四 and the scaffold of sections 一, 五 and 六. Everything that
needs a row id, an official label, an order, a grouping or a per-format rule (the model,
the validator, the renderers, the reader, the annual report) derives it from `FORMATS`,
so no label is written twice and no module outside this package names a revision.

Adding a revision: a module `fYYYY.py` beside the others defining `FORMAT`, and one
`FORMATS.register` line below.
"""

from __future__ import annotations

from gongkai.errors import InvalidInput
from gongkai.report.formats import f2019, f2021
from gongkai.report.formats.common import (
    APPLICANT_COLUMNS,
    APPLICANT_GROUP,
    APPLICANT_TYPES,
    APPLICATIONS_CORNER,
    LITIGATION,
    ORGANISATION_COLUMNS,
    ORGANISATION_GROUP,
    RESULTS_GROUP,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    SECTION_HEADINGS,
    TABLES,
)
from gongkai.report.formats.spec import (
    CONTENT_HEADER,
    FORMATS,
    ApplicationRow,
    CellKind,
    Column,
    FormatId,
    ProactiveBlock,
    ProactiveRow,
    Registry,
    ReportFormat,
    ReviewGroup,
    Scaffold,
    TableSpec,
    Topic,
)

FORMATS.register(f2019.FORMAT)
FORMATS.register(f2021.FORMAT)

# Named for tests and examples; code outside this package iterates `FORMATS`.
F2019 = f2019.ID
F2021 = f2021.ID

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICANT_GROUP",
    "APPLICANT_TYPES",
    "APPLICATIONS_CORNER",
    "CONTENT_HEADER",
    "F2019",
    "F2021",
    "FORMATS",
    "LITIGATION",
    "ORGANISATION_COLUMNS",
    "ORGANISATION_GROUP",
    "RESULTS_GROUP",
    "REVIEW_COLUMNS",
    "REVIEW_GROUPS",
    "SECTION_HEADINGS",
    "TABLES",
    "ApplicationRow",
    "CellKind",
    "Column",
    "FormatId",
    "ProactiveBlock",
    "ProactiveRow",
    "Registry",
    "ReportFormat",
    "ReviewGroup",
    "Scaffold",
    "TableSpec",
    "Topic",
    "first_format_year",
    "format_for_year",
    "get_format",
    "outcome_row_ids",
    "parse_format_id",
]


def get_format(format_id: str) -> ReportFormat:
    """Return the definition of a registered format by its id ("2019", "2021").

    Raises:
        ValueError: for an id no format is registered under.
    """
    return FORMATS[FormatId(format_id)]


def parse_format_id(text: str, what: str = "年度报告格式") -> FormatId:
    """Return the registered format `text` names ("2021", or " 2021 ").

    `what` names the value in the message (e.g. 统计表格式 on the statistics page).

    Raises:
        InvalidInput: naming the value and the registered ids.
    """
    try:
        return FormatId(str(text).strip())
    except ValueError:
        shown = str(text)[:40]
        ids = list(FORMATS)
        raise InvalidInput(
            f"{what} {shown!r} 不存在，应为 {'、'.join(ids)} "
            f"(no format {shown!r}; expected {', '.join(ids)})"
        ) from None


def first_format_year() -> int:
    """Return the first report year an official format applies to (2019)."""
    return min(spec.effective_from for spec in FORMATS.values())


def format_for_year(year: int) -> FormatId:
    """Return the official format of the report for `year`: the latest in force.

    Raises:
        InvalidInput: for a year before the first format, which has no official tables.
    """
    in_force = [f.id for f in FORMATS.values() if f.effective_from <= year]
    if not in_force:
        first = first_format_year()
        raise InvalidInput(
            f"{year}年度报告没有统一格式（{first}年起适用） "
            f"(no official report format before {first})"
        )
    return in_force[-1]


def outcome_row_ids() -> frozenset[str]:
    """Return every outcome row id of any format (what a reply may be recorded as)."""
    return frozenset(row.id for f in FORMATS.values() for row in f.outcome_rows)
