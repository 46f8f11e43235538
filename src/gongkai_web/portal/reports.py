"""Published reports as the portal shows them: every version, newest first, and the body
of the frozen HTML for the report page.

The report page shows the frozen HTML's own content (its `<main>`: title, sections,
official tables) inside the portal's layout, so what a reader sees on the page is
exactly what was published and hashed; the portal adds only responsive styling.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

from gongkai_web.agencies.models import Agency
from gongkai_web.annual.files import with_file_flags
from gongkai_web.annual.models import ReportVersion


@dataclass(frozen=True)
class PublishedYear:
    year: int
    versions: tuple[ReportVersion, ...]  # newest first

    @property
    def latest(self) -> ReportVersion:
        return self.versions[0]


def published_years(agency: Agency) -> list[PublishedYear]:
    """Return the agency's published years, newest first, each with all its versions.

    Each version carries `pdf_available` (`annual.files.with_file_flags`).
    """
    versions = with_file_flags(
        ReportVersion.objects.filter(agency=agency)
        .defer("html", "docx", "pdf", "canonical_json")
        .order_by("-year", "-number")
    )
    years: dict[int, list[ReportVersion]] = {}
    for version in versions:
        years.setdefault(version.year, []).append(version)
    return [PublishedYear(year, tuple(found)) for year, found in years.items()]


def report_body(version: ReportVersion) -> str:
    """Return the inner HTML of the frozen page's `<main>` (made by our renderer)."""
    root = lxml_html.fromstring(bytes(version.html).decode("utf-8"))
    main = root.find(".//main")
    if main is None:
        return ""
    inner = [lxml_html.tostring(child, encoding="unicode") for child in main]
    return "".join(inner)
