"""Loading the demo agency `demo` with the records of `gongkai.demo_records`.

After `load_demo()` the agency's 2021 report computed from the database equals the
core's `demo_draft()` (and so the tables of seed report 004). Records are brought back
to the demo values on every run (catalog items, figures, applications through the
ledger import, review cases); what people write (the 2021 draft's sections, the guide)
is created only when missing, and the 2021 report is published once when it never was.
Without LibreOffice the report is published as HTML and DOCX and a warning says so;
a later run, or `gongkai report add-pdf`, adds the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from gongkai import demo_records as demo
from gongkai.errors import RendererUnavailable
from gongkai.ledger import Ledger
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.compute import latest_version
from gongkai_web.annual.files import has_pdf
from gongkai_web.annual.models import Channel, ReportDraft
from gongkai_web.annual.services import add_pdf, publish
from gongkai_web.applications.services import import_ledger
from gongkai_web.catalog.services import load_item, save_count
from gongkai_web.litigation.services import load_case
from gongkai_web.portal.models import DisclosureGuide
from gongkai_web.portal.services import GuideData, save_guide

DEMO_GUIDE = GuideData(
    classification=(
        "本机关主动公开的政府信息分为：机构职能、政策文件（含行政规范性文件）、规划计划、"
        "行政许可和其他对外管理服务事项、行政处罚和行政强制、行政事业性收费、财政预决算、"
        "人防工程建设和管理、政府信息公开年度报告等类别。"
    ),
    arrangement="公开目录按类别编排，每条信息标注索引号、名称、内容概述、生成日期和文号。",
    how_to_obtain=(
        "主动公开的政府信息通过本门户和本机关网站发布，也可到市档案馆、市图书馆和市民服务中心"
        "的政府信息查阅场所查阅。未主动公开的政府信息，可以通过本门户在线申请，或以信函、"
        "当面等方式向本机关政府信息公开工作机构提出申请。"
    ),
    application_procedure=(
        "申请应当包括申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者"
        "便于查询的其他特征性描述，以及获取信息的形式要求。本机关自收到申请之日起20个工作日内"
        "答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长"
        "不超过20个工作日。依申请提供政府信息不收取费用，申请数量、频次明显超过合理范围的除外。"
    ),
    office_name="示范市人民防空办公室政务公开办公室",
    office_address="示范市人民路100号",
    postcode="300000",
    office_hours="工作日 上午8:30—12:00，下午13:30—17:30",
    phone="0571-88880000",
    fax="0571-88880001",
    email="gongkai@shifan-rf.example.gov.cn",
    website="本门户“申请公开”栏目",
)


@dataclass
class DemoSummary:
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def warn(self, line: str) -> None:
        self.warnings.append(line)


def load_demo(
    *, publish_report: bool = True, users: Callable[[Agency], None] | None = None
) -> DemoSummary:
    """Load (or bring back) the demo agency's records; return what was done.

    `users` creates the demo users (the `demo_web` command); it runs after
    the agency exists so that the agency keeps the demo records' name. The 2021 report
    is published once; without LibreOffice it is published as HTML and DOCX with a
    warning, and a later run adds the PDF (`_publish`).
    """
    summary = DemoSummary()
    agency, created = Agency.objects.update_or_create(
        code=demo.AGENCY_CODE, defaults={"name": demo.AGENCY_NAME}
    )
    summary.add(
        f"{'created' if created else 'kept'} agency {agency.code} {agency.name}"
    )
    if users is not None:
        users(agency)
    with transaction.atomic():
        _records(agency, summary)
        if not DisclosureGuide.objects.filter(agency=agency).exists():
            save_guide(agency, None, DEMO_GUIDE)
            summary.add("guide: written")
        _draft(agency, summary)
    if publish_report:
        _publish(agency, summary)
    return summary


def _records(agency: Agency, summary: DemoSummary) -> None:
    """Bring the catalog, the figures, the applications and the cases to demo values."""
    changed = sum(
        load_item(agency, item, demo.item_status(item))[1]
        for item in demo.CATALOG_ITEMS
    )
    summary.add(
        f"catalog: {len(demo.CATALOG_ITEMS)} items ({changed} loaded or restored)"
    )
    for count in demo.CATEGORY_COUNTS:
        save_count(
            agency,
            None,
            count.year,
            count.category,
            count.measure,
            count.value,
            count.source,
            count.unit,
        )
    summary.add(f"figures of other systems: {len(demo.CATEGORY_COUNTS)}")
    result = import_ledger(agency, None, Ledger("gongkai demo", demo.APPLICATIONS))
    summary.add(
        f"applications: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    changed = sum(load_case(agency, case)[1] for case in demo.REVIEW_CASES)
    summary.add(
        f"review cases: {len(demo.REVIEW_CASES)} ({changed} loaded or restored)"
    )


def _publish(agency: Agency, summary: DemoSummary) -> None:
    """Publish the demo year once; add its PDF when it was published without one."""
    year = demo.REPORT_YEAR
    version = latest_version(agency, year)
    if version is None:
        version = publish(
            agency, year, None, via=Channel.COMMAND_LINE, require_pdf=False
        )
        summary.add(
            f"published the {year} report, version {version.number}, "
            f"sha256 {version.content_hash}"
        )
    if has_pdf(version):
        return
    try:
        add_pdf(version, None, via=Channel.COMMAND_LINE)
    except RendererUnavailable as exc:
        summary.warn(
            f"the {year} report (version {version.number}) was published as HTML and "
            f"DOCX without its PDF: {exc.problem}. Once LibreOffice is installed, "
            f"`gongkai report add-pdf --agency {agency.code} --year {year}` (or "
            f"`gongkai demo` again) adds it; until then the portal offers no PDF."
        )
    else:
        summary.add(f"added the PDF of the {year} report, version {version.number}")


def _draft(agency: Agency, summary: DemoSummary) -> None:
    year = demo.REPORT_YEAR
    if ReportDraft.objects.filter(agency=agency, year=year).exists():
        summary.add(f"{year} report draft: kept")
        return
    sections = demo.demo_draft(year).report.sections or {}
    ReportDraft.objects.create(
        agency=agency,
        year=year,
        section_1=sections.get("1", ""),
        section_5=sections.get("5", ""),
        section_6=sections.get("6", ""),
    )
    summary.add(f"{year} report draft: written")
