"""Render a report as a Word document (DOCX) in the style of a government document.

A4 portrait with the margins of GB/T 9704《党政机关公文格式》 (top 37 mm, bottom 35 mm,
left 28 mm, right 26 mm); title in 方正小标宋简体 二号, section headings in 黑体 三号, body in
仿宋_GB2312 三号, each East Asian font set through `w:eastAsia` and given a common
fallback in the font table (宋体, 黑体, 仿宋) for machines without the 方正/GB2312 fonts.
The tables are real Word tables with the merged cells of the format notices, drawn from
the grids of `render.layout`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from gongkai.render.document import (
    MISSING_TABLE,
    Section,
    printable_report,
    report_facts,
    report_sections,
    report_title,
)
from gongkai.render.layout import (
    Grid,
    GridCell,
    Role,
    RowKind,
)
from gongkai.report.model import AnnualReport

# GB/T 9704-2012 §5.2.1 页边: 天头 37 mm, 订口 28 mm; 版心 156 mm x 225 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH_MM = 210 - 28 - 26

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
# Fonts a machine without the 方正 or GB2312 fonts uses instead (font table altName).
FALLBACK_FONTS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}

TABLE_STYLE = "Table Grid"  # single black borders on every cell
TABLE_TEXT_STYLE = "Table Text"
TABLE_TEXT_STYLE_ID = "TableText"  # python-docx's id for the name: spaces dropped
TABLE_FONT_SIZE = Pt(10.5)  # 五号
TABLE_LINE = Pt(13)
# The section 三 table fills most of a page; it starts one rather than being cut in two
# through its merged 三、本年度办理结果 cell.
PAGE_TABLES = frozenset({"applications"})
ROW_HEIGHT = Mm(5.5)


def render_docx(report: AnnualReport) -> bytes:
    """Return the report as a DOCX file."""
    report = printable_report(report)
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    add_font_fallbacks(document)
    _set_properties(document, report)
    body = document.add_paragraph(report_title(report), style="Title")
    body.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in report_sections(report):
        _add_section(document, section)
    if report.published_on is not None:
        day = report.published_on
        for line in ("", report.agency, f"{day.year}年{day.month}月{day.day}日"):
            document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_up_page(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]


def set_fonts(rpr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style explicitly (theme fonts would override them)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia)):
        fonts.set(qn(f"w:{attr}"), name)
    fonts.set(qn("w:cs"), latin)
    rpr.insert(0, fonts)


def _style(document: Any, name: str, font: str, size: Pt) -> Any:
    style = document.styles[name]
    set_fonts(style.element.get_or_add_rPr(), font)
    style.font.size = size
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    return style


def _set_up_styles(document: Any) -> None:
    set_language(document)
    normal = _style(document, "Normal", BODY_FONT, Pt(16))  # 三号
    body = normal.paragraph_format
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = Pt(28)
    body.space_after = Pt(0)
    body.first_line_indent = Pt(32)  # 首行缩进二字

    title = _style(document, "Title", TITLE_FONT, Pt(22))  # 二号
    for border in title.element.pPr.findall(qn("w:pBdr")):
        title.element.pPr.remove(border)
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28)
    title.font.color.theme_color = None

    heading = _style(document, "Heading 1", HEADING_FONT, Pt(16))
    heading.font.color.theme_color = None
    heading.paragraph_format.first_line_indent = Pt(0)
    heading.paragraph_format.space_before = Pt(14)
    heading.paragraph_format.space_after = Pt(7)

    table_text = document.styles.add_style(TABLE_TEXT_STYLE, 1)  # paragraph style
    table_text.base_style = normal
    table_text.font.size = TABLE_FONT_SIZE
    fmt = table_text.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = TABLE_LINE
    fmt.space_before = fmt.space_after = Pt(0)


def set_language(document: Any) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def add_font_fallbacks(document: Any) -> None:
    """Declare each East Asian font in the font table with a common alternative."""
    part = next(
        rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/fontTable")
    )
    table = etree.fromstring(part.blob)
    for name, alternative in FALLBACK_FONTS.items():
        font = etree.SubElement(table, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternative})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "auto"})
    # The font table is a plain part in python-docx: its bytes are replaced whole.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8")


# python-docx refuses a core property (title, author, keywords…) over 255 characters.
CORE_PROPERTY_MAX = 255


def _property(text: str) -> str:
    """Return `text` cut to what a core property may hold, marked with … when cut."""
    if len(text) <= CORE_PROPERTY_MAX:
        return text
    return text[: CORE_PROPERTY_MAX - 1] + "…"


def _set_properties(document: Any, report: AnnualReport) -> None:
    props = document.core_properties
    props.title = _property(report_title(report))
    props.author = _property(report.agency)
    props.subject = "政府信息公开工作年度报告"
    props.language = "zh-CN"
    props.keywords = _property(
        "; ".join(f"{key}={value}" for key, _, value in report_facts(report))
    )
    props.comments = ""


def _add_section(document: Any, section: Section) -> None:
    heading = document.add_paragraph(section.heading, style="Heading 1")
    if section.table in PAGE_TABLES and section.grid is not None:
        heading.paragraph_format.page_break_before = True
    for text in section.paragraphs:
        document.add_paragraph(text)
    if section.table is None:
        return
    if section.grid is None:
        missing = document.add_paragraph(MISSING_TABLE)
        missing.alignment = WD_ALIGN_PARAGRAPH.CENTER
        missing.paragraph_format.first_line_indent = Pt(0)
        return
    _add_table(document, section.grid)


def _add_table(document: Any, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_table_properties(table, grid.heading)
    widths = _column_widths(grid)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # Every cell looked up once, before any merge: python-docx's table.cell() walks the
    # whole table on each call. The merges are disjoint, so these stay valid.
    cells = [list(row.cells) for row in table.rows]
    for index, row in enumerate(table.rows):
        _mark_row(row, is_header=grid.rows[index].kind is RowKind.HEAD)
        for cell, width in zip(cells[index], widths, strict=True):
            cell.width = width
    for grid_cell in grid.cells:
        _fill(cells, grid_cell, widths)


def _column_widths(grid: Grid) -> list[Mm]:
    total = sum(grid.column_weights)
    return [Mm(TEXT_WIDTH_MM * weight / total) for weight in grid.column_weights]


def _insert(parent: Any, child: Any, before: tuple[str, ...]) -> None:
    """Insert `child` ahead of the first of `before` present: the schema fixes the order."""
    for name in before:
        successor = parent.find(qn(name))
        if successor is not None:
            successor.addprevious(child)
            return
    parent.append(child)


def _set_table_properties(table: Any, caption: str) -> None:
    """Narrow cell margins (1 mm, so two characters fit a 10 mm column) and a caption."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57" if side in ("left", "right") else "28")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _insert(properties, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))
    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), caption)
    _insert(properties, title, ("w:tblDescription",))


def _mark_row(row: Any, is_header: bool) -> None:
    """Keep a row on one page; repeat header rows on every page the table runs over."""
    row.height = ROW_HEIGHT
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    properties = row._tr.get_or_add_trPr()
    height = properties.find(qn("w:trHeight"))
    height.addprevious(OxmlElement("w:cantSplit"))
    if is_header:
        height.addnext(OxmlElement("w:tblHeader"))


def _fill(cells: list[list[Any]], grid_cell: GridCell, widths: Iterable[Mm]) -> None:
    cell = cells[grid_cell.row][grid_cell.col]
    if grid_cell.rowspan > 1 or grid_cell.colspan > 1:
        far = cells[grid_cell.row + grid_cell.rowspan - 1][grid_cell.last_col]
        cell = cell.merge(far)
        spanned = list(widths)[grid_cell.col : grid_cell.last_col + 1]
        cell.width = Mm(sum(w.mm for w in spanned))
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    # The style's id, set directly: `paragraph.style = name` looks the name up among
    # every style, per cell, and took two thirds of the rendering time.
    paragraph._p.style = TABLE_TEXT_STYLE_ID
    is_left = grid_cell.role in (Role.ROW, Role.CORNER)
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.LEFT if is_left else WD_ALIGN_PARAGRAPH.CENTER
    )
    paragraph.add_run(grid_cell.text)
