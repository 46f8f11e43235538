"""The canonical annual-report model (report-schema.md) as frozen pydantic v2 models.

The table models are generated from `formats.py`, so each row id is written once. Cells
hold numbers as printed: an `int`, or a `Decimal` when the value is not a whole number.
The model checks shape (which rows, how many cells, numbers not text); the arithmetic
and the sign and integrality of counts are the validator's findings, so a report that
breaks its own rules still loads and reads as printed.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from gongkai.report.formats import (
    APPLICANT_COLUMNS,
    FORMATS,
    PROACTIVE_TEXT_FIELDS,
    REVIEW_COLUMNS,
    CellKind,
    FormatId,
)


def _to_number(value: object, expected: str) -> int | Decimal:
    """Accept a JSON number; keep whole numbers as int and the rest as exact Decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        shown = json.dumps(value, ensure_ascii=False, default=str)
        raise PydanticCustomError(
            "number",
            "expected {expected}, got {value}",
            {"expected": expected, "value": shown},
        )
    if isinstance(value, int):
        return value
    exact = Decimal(str(value)) if isinstance(value, float) else value
    if not exact.is_finite():
        raise PydanticCustomError("number", "expected a finite number", {})
    return int(exact) if exact == exact.to_integral_value() else exact


def _serialize_number(value: int | Decimal) -> int | float:
    return value if isinstance(value, int) else float(value)


def _to_count(value: object) -> int | Decimal:
    return _to_number(value, "an integer")


def _to_decimal(value: object) -> int | Decimal:
    return _to_number(value, "a number")


_AS_JSON_NUMBER = PlainSerializer(_serialize_number, when_used="json")

# Counts that are not whole numbers still load: integrality is a validator finding.
Count = Annotated[
    int | Decimal,
    BeforeValidator(_to_count),
    _AS_JSON_NUMBER,
    WithJsonSchema({"type": "integer"}),
]
Number = Annotated[
    int | Decimal,
    BeforeValidator(_to_decimal),
    _AS_JSON_NUMBER,
    WithJsonSchema({"type": "number"}),
]
ApplicantRow = Annotated[
    list[Count],
    Field(min_length=len(APPLICANT_COLUMNS), max_length=len(APPLICANT_COLUMNS)),
]
ReviewRow = Annotated[
    list[Count], Field(min_length=len(REVIEW_COLUMNS), max_length=len(REVIEW_COLUMNS))
]

_STRICT = ConfigDict(extra="forbid", frozen=True)


class TableModel(BaseModel):
    """A section 二 or 三 table of one format; rows are fields named by row id."""

    model_config = _STRICT
    format: ClassVar[FormatId]

    def row(self, row_id: str) -> Any:
        return getattr(self, row_id)


class ProactiveCells(BaseModel):
    """The cells of one section 二 row, fields named by column id."""

    model_config = _STRICT

    def cell(self, column_id: str) -> int | Decimal:
        value: int | Decimal = getattr(self, column_id)
        return value


def _proactive_model(format_id: FormatId) -> type[TableModel]:
    rows: dict[str, Any] = {}
    for row in FORMATS[format_id].proactive_rows:
        fields: dict[str, Any] = {
            c.id: (
                Number if c.kind is CellKind.DECIMAL else Count,
                Field(description=c.label),
            )
            for c in row.columns
        }
        for text_field in PROACTIVE_TEXT_FIELDS.get(row.id, ()):
            fields[text_field] = (str | None, None)
        cells = create_model(
            f"Proactive{format_id}_{row.id}", __base__=ProactiveCells, **fields
        )
        rows[row.id] = (cells, Field(description=row.label))
    model: type[TableModel] = create_model(
        f"Proactive{format_id}", __base__=TableModel, **rows
    )
    model.format = format_id
    return model


def _applications_model(format_id: FormatId) -> type[TableModel]:
    rows: dict[str, Any] = {
        row.id: (ApplicantRow, Field(description=row.full_label))
        for row in FORMATS[format_id].applications
    }
    model: type[TableModel] = create_model(
        f"Applications{format_id}", __base__=TableModel, **rows
    )
    model.format = format_id
    return model


PROACTIVE_MODELS = {f: _proactive_model(f) for f in FormatId}
APPLICATIONS_MODELS = {f: _applications_model(f) for f in FormatId}

# Rows that exist in one format only tell which format a table was filled in.
_ONLY_2019 = {"other", "other_services", "procurement"}


def _table_format(value: object) -> str:
    if isinstance(value, TableModel):
        return value.format.value
    keys = set(value) if isinstance(value, dict) else set()
    return FormatId.F2019.value if keys & _ONLY_2019 else FormatId.F2021.value


def _either_format(models: dict[FormatId, type[TableModel]]) -> Any:
    members = tuple(Annotated[models[f], Tag(f.value)] for f in FormatId)
    return Annotated[members[0] | members[1], Discriminator(_table_format)]


if TYPE_CHECKING:
    ProactiveTable = TableModel
    ApplicationsTable = TableModel
else:
    ProactiveTable = _either_format(PROACTIVE_MODELS)
    ApplicationsTable = _either_format(APPLICATIONS_MODELS)


class ReviewLitigation(BaseModel):
    """Section 四: three groups of [upheld, corrected, other, pending, total]."""

    model_config = _STRICT

    reconsideration: ReviewRow
    litigation_direct: ReviewRow
    litigation_after_reconsideration: ReviewRow

    def group(self, group_id: str) -> list[int | Decimal]:
        value: list[int | Decimal] = getattr(self, group_id)
        return value


SectionKey = Literal["1", "5", "6"]
Scope = Literal["agency", "aggregate"]


class AnnualReport(BaseModel):
    """One agency's annual OGI report for one year, in the canonical model."""

    model_config = _STRICT

    agency: str = Field(description="机关名称, as printed, in simplified characters")
    year: int = Field(strict=True, description="统计年度")
    format: FormatId | None = Field(
        description='"2019" = 国办公开办函〔2019〕60号, "2021" = 国办公开办函〔2021〕30号, '
        "null = neither layout"
    )
    proactive: ProactiveTable | None
    applications: ApplicationsTable | None
    review_litigation: ReviewLitigation | None

    title: str | None = None
    published_on: date | None = None
    scope: Scope | None = None
    source_url: str | None = None
    sections: dict[SectionKey, str] | None = None
    information_fee_yuan: Number | None = None


OPTIONAL_FIELDS = (
    "title",
    "published_on",
    "scope",
    "source_url",
    "sections",
    "information_fee_yuan",
)
