"""The canonical annual-report model (report-schema.md) as frozen pydantic v2 models.

The table models are generated from the registered formats (`report/formats/`), so each
row id is written once; the tables of sections 二 and 三 accept every registered format,
told apart by their rows, and a format registered later is added to the model. Cells
hold numbers as printed: an `int`, or a `Decimal` when the value is not a whole number.
The model checks shape (which rows, how many cells, numbers not text); the arithmetic
and the sign and integrality of counts are the validator's findings, so a report that
breaks its own rules still loads and reads as printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ModelWrapValidatorHandler,
    PlainSerializer,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from gongkai.report.formats import (
    APPLICANT_COLUMNS,
    FORMATS,
    REVIEW_COLUMNS,
    CellKind,
    FormatId,
    ReportFormat,
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
    if type(value) is int:  # the common case first: this runs for every cell
        return value
    return _to_number(value, "an integer")


def _to_decimal(value: object) -> int | Decimal:
    if type(value) is int:
        return value
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


def _proactive_model(spec: ReportFormat) -> type[TableModel]:
    rows: dict[str, Any] = {}
    for row in spec.proactive_rows:
        fields: dict[str, Any] = {
            c.id: (
                Number if c.kind is CellKind.DECIMAL else Count,
                Field(description=c.label),
            )
            for c in row.columns
        }
        for text_field in row.text_fields:
            fields[text_field] = (str | None, None)
        cells = create_model(
            f"Proactive{spec.id}_{row.id}", __base__=ProactiveCells, **fields
        )
        rows[row.id] = (cells, Field(description=row.label))
    model: type[TableModel] = create_model(
        f"Proactive{spec.id}", __base__=TableModel, **rows
    )
    model.format = spec.id
    return model


def _applications_model(spec: ReportFormat) -> type[TableModel]:
    rows: dict[str, Any] = {
        row.id: (ApplicantRow, Field(description=row.full_label))
        for row in spec.applications
    }
    model: type[TableModel] = create_model(
        f"Applications{spec.id}", __base__=TableModel, **rows
    )
    model.format = spec.id
    return model


class TableModels(Mapping[FormatId, type[TableModel]]):
    """The table model of each registered format, built when first asked for."""

    def __init__(self, build: Callable[[ReportFormat], type[TableModel]]) -> None:
        self._build = build
        self._built: dict[str, tuple[ReportFormat, type[TableModel]]] = {}

    def __getitem__(self, format_id: str) -> type[TableModel]:
        spec = FORMATS[format_id]
        found = self._built.get(spec.id)
        if found is None or found[0] is not spec:
            found = (spec, self._build(spec))
            self._built[spec.id] = found
        return found[1]

    def __iter__(self) -> Iterator[FormatId]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


PROACTIVE_MODELS = TableModels(_proactive_model)
APPLICATIONS_MODELS = TableModels(_applications_model)


# The format of the report being validated: tells tables of the same rows apart.
_REPORT_FORMAT: ContextVar[str | None] = ContextVar("report_format", default=None)


def _table_format(value: object, table: str) -> str:
    """Return the id of the format a table was filled in.

    The format whose distinguishing rows the table has most; on a tie, the one it fits
    best (fewest rows it does not have, then fewest of its rows missing), then the
    report's own format, then the newest. A table without rows is taken as the newest
    format. `table` is "proactive" or "applications".
    """
    if isinstance(value, TableModel):
        return value.format.value
    keys = set(value) if isinstance(value, dict) else set()
    specs = list(FORMATS.values())
    stated = _REPORT_FORMAT.get()

    def rank(order: int) -> tuple[int, int, int, bool, int]:
        spec = specs[order]
        rows = {r.id for r in spec.applications}
        if table == "proactive":
            rows = {r.id for r in spec.proactive_rows}
        if not keys:
            return (0, 0, 0, False, -order)
        hits = len(keys & spec.distinguishing_rows)
        fit = (-hits, len(keys - rows), len(rows - keys))
        return (*fit, spec.id != stated, -order)

    return specs[min(range(len(specs)), key=rank)].id.value


class _AnyFormat:
    """A section 二 or 三 table in any registered format, told apart by its rows.

    The union is built from `FORMATS` whenever pydantic builds the model's schema, and
    `AnnualReport` is rebuilt when a format is registered, so none is left out.
    """

    def __init__(self, models: TableModels, table: str) -> None:
        self.models = models
        self.table = table

    def discriminate(self, value: object) -> str:
        return _table_format(value, self.table)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        choices: dict[str | int, CoreSchema] = {
            f.value: handler.generate_schema(self.models[f]) for f in FORMATS
        }
        return core_schema.tagged_union_schema(choices, self.discriminate)


class _RegisteredFormatId:
    """A format id: one of the registered ones, in the schema as the enum `FormatId`."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        ids = [f.value for f in FORMATS]
        return core_schema.no_info_after_validator_function(
            FormatId, core_schema.literal_schema(ids), ref="FormatId"
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        handler.resolve_ref_schema(json_schema)["title"] = "FormatId"
        return json_schema


ProactiveTable = Annotated[TableModel, _AnyFormat(PROACTIVE_MODELS, "proactive")]
ApplicationsTable = Annotated[
    TableModel, _AnyFormat(APPLICATIONS_MODELS, "applications")
]
RegisteredFormatId = Annotated[FormatId, _RegisteredFormatId()]


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
    format: RegisteredFormatId | None = Field(
        description=", ".join(f'"{f.id}" = {f.document}' for f in FORMATS.values())
        + ", null = neither layout"
    )
    proactive: ProactiveTable | None
    applications: ApplicationsTable | None
    review_litigation: ReviewLitigation | None

    @model_validator(mode="wrap")
    @classmethod
    def _tables_in_stated_format(
        cls, data: Any, handler: ModelWrapValidatorHandler[AnnualReport]
    ) -> AnnualReport:
        stated = data.get("format") if isinstance(data, dict) else None
        token = _REPORT_FORMAT.set(str(stated) if stated is not None else None)
        try:
            return handler(data)
        finally:
            _REPORT_FORMAT.reset(token)

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


def _rebuild() -> None:
    AnnualReport.model_rebuild(force=True)


FORMATS.subscribe(_rebuild)
