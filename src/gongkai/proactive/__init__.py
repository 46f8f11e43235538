"""Proactive disclosure (主动公开): the catalog, its review workflow, and section 二.

`catalog` holds the records (`CatalogItem`, `CategoryCount`), `publication` the review
workflow draft → 保密审查 → 审批 → 公开 (→ 废止) and the Art. 26 lateness check,
`table` the section 二 table of both official formats.

How each cell of section 二 is counted for report year Y
=========================================================

Only catalog items that have been published (a 公开日期) count; an item still in the
review workflow counts nowhere. Item dates: `made_on` 成文日期, `published_on` 公开日期,
`repealed_on` 废止/失效日期. An item is *in force on day D* when made_on <= D and it
was not repealed on or before D. Entered counts (`CategoryCount`) of year Y are summed
over their sources; a figure nobody entered is 0 (`missing_counts` lists them so the
drafting screen can warn). Category → row: regulation → 规章, normative_document →
（行政）规范性文件, licensing → 行政许可, other_service → 其他对外管理服务事项, penalty →
行政处罚, enforcement → 行政强制, fee → 行政事业性收费, procurement → 政府集中采购;
category other is never counted.

Format 2021 (国办公开办函〔2021〕30号):

* 规章, 行政规范性文件 — 本年制发件数: items of the category made in Y;
  本年废止件数: items repealed in Y; 现行有效件数: items in force on Y-12-31.
  So 现行有效(Y) = 现行有效(Y-1) + 制发(Y) - 废止(Y) always holds.
* 行政许可, 行政处罚, 行政强制 — 本年处理决定数量: the sum of the DECISIONS counts
  entered for Y and the category (other_service decisions are not in this format).
* 行政事业性收费 — 本年收费金额（单位：万元）: the sum of the FEE_AMOUNT counts of Y,
  each converted exactly to 万元 (an amount entered in 元 is divided by 10 000); a
  `Decimal`, kept as entered (488.780058 stays 488.780058).

Format 2019 (国办公开办函〔2019〕60号):

* 规章, 规范性文件 — 本年新制作数量: items made in Y; 本年新公开数量: items published in
  Y (whenever made); 对外公开总数量: items published on or before Y-12-31, repealed
  ones included (they were disclosed and stay in the catalog marked as repealed).
* 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费 — these cells count
  事项 (matters), one catalog item per matter (its basis, conditions, procedure or fee
  standard, 条例第二十条第（五）（六）（八）项): 上一年项目数量: items of the category in
  force on (Y-1)-12-31; 本年增/减: items in force on Y-12-31 minus that number (signed).
  处理决定数量 (not for fees): the sum of the DECISIONS counts of Y.
* 政府集中采购 — 采购项目数量: the sum of the PROCUREMENT_ITEMS counts of Y; 采购总金额:
  the sum of the PROCUREMENT_AMOUNT counts of Y in their common unit (`amount_unit`),
  or converted to 元 when entries mix 元 and 万元; with no entry the amount is 0 and
  the unit null.
"""

from __future__ import annotations

from gongkai.proactive.catalog import (
    AMOUNT_UNITS,
    EARLIEST_MADE_ON,
    FIRST_YEAR,
    MEASURE_CATEGORIES,
    WAN_YUAN,
    YUAN,
    CatalogItem,
    Category,
    CategoryCount,
    Measure,
    category_for_row,
)
from gongkai.proactive.publication import (
    ACTION_ROLES,
    SEPARATE_FROM,
    TRANSITIONS,
    CatalogAction,
    CatalogRole,
    ItemStatus,
    LatePublication,
    allowed_actions,
    check_publication,
    check_role,
    check_separation,
    late_publications,
    next_status,
    publication_due,
)
from gongkai.proactive.table import (
    COLUMN_RULES,
    COUNTED_COLUMNS,
    missing_counts,
    proactive_table,
    procurement_unit,
)

__all__ = [
    "ACTION_ROLES",
    "AMOUNT_UNITS",
    "COLUMN_RULES",
    "COUNTED_COLUMNS",
    "EARLIEST_MADE_ON",
    "FIRST_YEAR",
    "MEASURE_CATEGORIES",
    "SEPARATE_FROM",
    "TRANSITIONS",
    "WAN_YUAN",
    "YUAN",
    "CatalogAction",
    "CatalogItem",
    "CatalogRole",
    "Category",
    "CategoryCount",
    "ItemStatus",
    "LatePublication",
    "Measure",
    "allowed_actions",
    "category_for_row",
    "check_publication",
    "check_role",
    "check_separation",
    "late_publications",
    "missing_counts",
    "next_status",
    "proactive_table",
    "procurement_unit",
    "publication_due",
]
