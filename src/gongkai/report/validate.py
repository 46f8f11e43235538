"""The consistency rules (勾稽关系) of report-schema.md, as located findings.

`validate` never raises for a broken report and never repairs one: each breach becomes a
`Finding` with its rule id, severity, table, row, column and both sides of the equation,
with a message in Chinese and in English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum

from gongkai.report.formats import (
    APPLICANT_COLUMNS,
    FORMATS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    TABLES,
    ApplicationRow,
    CellKind,
    Column,
)
from gongkai.report.model import AnnualReport, TableModel

FIRST_YEAR = 2008  # 条例 (国务院令第492号) in force 2008-05-01: the first report year

Value = int | Decimal | str | None


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "提醒"}[self]


class Rule(StrEnum):
    ROW_TOTAL = "applications.row_total"  # rule 1
    OUTCOME_SUM = "applications.outcome_sum"  # rule 2
    BALANCE = "applications.balance"  # rule 3
    GROUP_TOTAL = "review_litigation.group_total"  # rule 4
    NEGATIVE = "cell.negative"  # rule 5
    NOT_INTEGER = "cell.not_integer"
    MISSING_TABLE = "table.missing"
    YEAR_RANGE = "report.year_range"
    FORMAT_MISMATCH = "report.format_mismatch"
    CARRY_OVER = "series.carry_over"


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: Severity
    table: str | None
    row_id: str | None
    row_label: str | None
    column_id: str | None
    column_label: str | None
    expected: Value
    actual: Value
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        for side in ("expected", "actual"):
            if isinstance(data[side], Decimal):
                data[side] = float(data[side])
        return data


def validate(report: AnnualReport, *, latest_year: int | None = None) -> list[Finding]:
    """Return every breach of the report's own rules, in table order.

    `latest_year` is the last acceptable report year (the edge passes next year); the
    core does not ask for today.
    """
    findings = _check_report(report, latest_year)
    if report.proactive is not None:
        findings += _check_proactive(report.proactive)
    if report.applications is not None:
        findings += _check_applications(report.applications)
    if report.review_litigation is not None:
        findings += _check_review(report)
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    """Tell whether any finding is of severity error."""
    return any(f.severity is Severity.ERROR for f in findings)


def _finding(
    rule: Rule,
    table: str | None,
    zh: str,
    en: str,
    *,
    row: tuple[str, str] | None = None,
    column: Column | None = None,
    expected: Value = None,
    actual: Value = None,
    severity: Severity = Severity.ERROR,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        table=table,
        row_id=row[0] if row else None,
        row_label=row[1] if row else None,
        column_id=column.id if column else None,
        column_label=column.label if column else None,
        expected=expected,
        actual=actual,
        message_zh=zh,
        message_en=en,
    )


def _check_report(report: AnnualReport, latest_year: int | None) -> list[Finding]:
    findings: list[Finding] = []
    top = latest_year if latest_year is not None else report.year
    if not FIRST_YEAR <= report.year <= top:
        findings.append(
            _finding(
                Rule.YEAR_RANGE,
                None,
                f"报告年度 {report.year} 不在 {FIRST_YEAR}–{top} 年之间",
                f"report year {report.year} is outside {FIRST_YEAR}–{top}",
                expected=f"{FIRST_YEAR}–{top}",
                actual=report.year,
            )
        )
    for table_id in TABLES:
        table = getattr(report, table_id)
        heading = TABLES[table_id].heading
        if table is None and report.format is not None:
            findings.append(
                _finding(
                    Rule.MISSING_TABLE,
                    table_id,
                    f"缺少表格「{heading}」",
                    f"table {table_id} ({heading}) is missing",
                )
            )
        table_format = table.format if isinstance(table, TableModel) else None
        if table_format is not None and table_format != report.format:
            declared = report.format.value if report.format else "null"
            findings.append(
                _finding(
                    Rule.FORMAT_MISMATCH,
                    table_id,
                    f"表格「{heading}」是 {table_format.value} 版格式，报告标注为 {declared}",
                    f"table {table_id} is in the {table_format.value} format, "
                    f"the report says {declared}",
                    expected=declared,
                    actual=table_format.value,
                )
            )
    return findings


def _check_cell(
    table: str, row: tuple[str, str], column: Column, value: int | Decimal
) -> list[Finding]:
    # the common case first, without building messages: this runs for every cell
    kind = column.kind
    if type(value) is int and (value >= 0 or kind is CellKind.SIGNED):
        return []
    where_zh = f"「{row[1]}」行「{column.label}」列"
    where_en = f"row {row[0]}, column {column.id}"
    if kind is not CellKind.DECIMAL and not isinstance(value, int):
        return [
            _finding(
                Rule.NOT_INTEGER,
                table,
                f"{where_zh}应为整数，实为 {value}",
                f"{where_en}: expected an integer, got {value}",
                row=row,
                column=column,
                expected="integer",
                actual=value,
            )
        ]
    if column.kind is not CellKind.SIGNED and value < 0:
        return [
            _finding(
                Rule.NEGATIVE,
                table,
                f"{where_zh}不应为负数，实为 {value}",
                f"{where_en}: must not be negative, got {value}",
                row=row,
                column=column,
                expected=">= 0",
                actual=value,
            )
        ]
    return []


def _check_proactive(table: TableModel) -> list[Finding]:
    findings: list[Finding] = []
    for row in FORMATS[table.format].proactive_rows:
        cells = table.row(row.id)
        for column in row.columns:
            findings += _check_cell(
                "proactive", (row.id, row.label), column, cells.cell(column.id)
            )
    return findings


def _check_applications(table: TableModel) -> list[Finding]:
    spec = FORMATS[table.format]
    findings: list[Finding] = []
    for row in spec.applications:
        values = table.row(row.id)
        key = _row_key(row)
        for column, value in zip(APPLICANT_COLUMNS, values, strict=True):
            if type(value) is not int or value < 0:  # else _check_cell finds nothing
                findings += _check_cell("applications", key, column, value)
    for row in spec.applications:
        findings += _check_row_total(row, table.row(row.id))
    findings += _check_outcome_sum(table)
    findings += _check_balance(table)
    return findings


def _row_key(row: ApplicationRow) -> tuple[str, str]:
    return row.id, row.full_label


def _check_row_total(
    row: ApplicationRow, values: Sequence[int | Decimal]
) -> list[Finding]:
    expected, actual = sum(values[:-1]), values[-1]
    if expected == actual:
        return []
    return [
        _finding(
            Rule.ROW_TOTAL,
            "applications",
            f"「{row.full_label}」行：总计应等于各类申请人之和 {expected}，实为 {actual}",
            f"row {row.id}: total should equal the sum of the applicant columns, "
            f"{expected}; printed {actual}",
            row=_row_key(row),
            column=APPLICANT_COLUMNS[-1],
            expected=expected,
            actual=actual,
        )
    ]


def _check_outcome_sum(table: TableModel) -> list[Finding]:
    spec = FORMATS[table.format]
    total_row = spec.application_row("total")
    findings: list[Finding] = []
    outcomes = [table.row(r.id) for r in spec.outcome_rows]
    totals = table.row("total")
    for index, column in enumerate(APPLICANT_COLUMNS):
        expected = sum(row[index] for row in outcomes)
        actual = totals[index]
        if expected != actual:
            findings.append(
                _finding(
                    Rule.OUTCOME_SUM,
                    "applications",
                    f"「{total_row.label}」行「{column.label}」列：应等于各办理结果之和 "
                    f"{expected}，实为 {actual}",
                    f"row total, column {column.id}: should equal the sum of the "
                    f"outcome rows, {expected}; printed {actual}",
                    row=_row_key(total_row),
                    column=column,
                    expected=expected,
                    actual=actual,
                )
            )
    return findings


def _check_balance(table: TableModel) -> list[Finding]:
    # 表内注明：第一项加第二项之和，等于第三项加第四项之和
    spec = FORMATS[table.format]
    row = spec.application_row("carried_forward")
    findings: list[Finding] = []
    for index, column in enumerate(APPLICANT_COLUMNS):
        left = table.row("new_received")[index] + table.row("carried_over")[index]
        right = table.row("total")[index] + table.row("carried_forward")[index]
        if left != right:
            findings.append(
                _finding(
                    Rule.BALANCE,
                    "applications",
                    f"「{column.label}」列：第一项加第二项之和 {left} "
                    f"不等于第三项加第四项之和 {right}",
                    f"column {column.id}: new_received + carried_over = {left}, "
                    f"but total + carried_forward = {right}",
                    row=_row_key(row),
                    column=column,
                    expected=left,
                    actual=right,
                )
            )
    return findings


def _check_review(report: AnnualReport) -> list[Finding]:
    review = report.review_litigation
    findings: list[Finding] = []
    if review is None:
        return findings
    for group in REVIEW_GROUPS:
        values = review.group(group.id)
        key = (
            group.id,
            f"{group.parent}·{group.label}" if group.parent else group.label,
        )
        for column, value in zip(REVIEW_COLUMNS, values, strict=True):
            findings += _check_cell("review_litigation", key, column, value)
        expected, actual = sum(values[:-1]), values[-1]
        if expected != actual:
            findings.append(
                _finding(
                    Rule.GROUP_TOTAL,
                    "review_litigation",
                    f"「{key[1]}」：总计应等于四项结果之和 {expected}，实为 {actual}",
                    f"group {group.id}: total should equal upheld + corrected + other + "
                    f"pending, {expected}; printed {actual}",
                    row=key,
                    column=REVIEW_COLUMNS[-1],
                    expected=expected,
                    actual=actual,
                )
            )
    return findings


def validate_series(reports: Iterable[AnnualReport]) -> list[Finding]:
    """Compare consecutive years of one agency: 结转下年度 of Y should be 上年结转 of Y+1.

    A supervisor's check across reports: the findings are warnings.
    """
    tables = {(r.agency, r.year): r.applications for r in reports if r.applications}
    findings: list[Finding] = []
    for (agency, year), table in sorted(tables.items()):
        following = tables.get((agency, year + 1))
        if following is None:
            continue
        forward = table.row("carried_forward")
        over = following.row("carried_over")
        for index, column in enumerate(APPLICANT_COLUMNS):
            if forward[index] != over[index]:
                findings.append(
                    _carry_over_finding(agency, year, column, forward, following, index)
                )
    return findings


def _carry_over_finding(
    agency: str,
    year: int,
    column: Column,
    forward: Sequence[int | Decimal],
    following: TableModel,
    index: int,
) -> Finding:
    spec = FORMATS[following.format]
    over = following.row("carried_over")
    return _finding(
        Rule.CARRY_OVER,
        "applications",
        f"{agency}：{year}年「结转下年度继续办理」{column.label} {forward[index]} "
        f"不等于{year + 1}年「上年结转」{over[index]}",
        f"{agency}: carried_forward {year} ({column.id}) = {forward[index]}, "
        f"carried_over {year + 1} = {over[index]}",
        row=_row_key(spec.application_row("carried_over")),
        column=column,
        expected=forward[index],
        actual=over[index],
        severity=Severity.WARNING,
    )
