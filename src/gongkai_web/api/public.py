"""Public read endpoints (no token): agencies, the catalog, published annual reports
and the 公开指南. Lists are paginated (`page`, `page_size` ≤ 100) and every answer is
cacheable (`caching.cached_json`)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.report.codec import dump_report, parse_report, report_to_data
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.files import with_file_flags
from gongkai_web.annual.models import ReportVersion
from gongkai_web.api import limits
from gongkai_web.api.caching import cached_json
from gongkai_web.api.errors import ErrorBody, not_found
from gongkai_web.catalog.models import CatalogItem
from gongkai_web.catalog.search import search
from gongkai_web.portal.models import DisclosureGuide
from gongkai_web.portal.views import PUBLIC_STATUSES

router = Router(tags=["public"])

MAX_PAGE_SIZE = 100
ERRORS: dict[int, Any] = {404: ErrorBody, 422: ErrorBody, 429: ErrorBody}


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000, description="1-based page number")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class AgencyOut(Schema):
    code: str
    name: str
    parent: str | None = Field(description="the superior agency's code, if entered")
    level: str
    division_code: str
    links: dict[str, str]


class AgencyPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AgencyOut]


class CatalogItemOut(Schema):
    id: int
    agency: str
    index_no: str
    title: str
    summary: str
    document_no: str
    category: str
    issuing_body: str
    made_on: date
    published_on: date | None
    repealed_on: date | None
    is_valid: bool
    status: str
    url: str


class CatalogPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CatalogItemOut]


class CatalogQuery(PageQuery):
    agency: str | None = Field(None, max_length=32, description="agency code")
    q: str = Field("", max_length=200, description="search like the portal's")
    category: str | None = Field(None, max_length=24)


class ReportLinks(Schema):
    json_: str = Field(alias="json")
    html: str
    docx: str
    pdf: str | None


class ReportVersionOut(Schema):
    agency: str
    year: int
    number: int
    content_hash: str
    published_at: datetime
    is_correction: bool
    correction_note: str
    report: dict[str, Any] = Field(
        description="the canonical report, as `gongkai validate` accepts it"
    )
    links: ReportLinks


class ReportPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ReportVersionOut]


class ReportQuery(PageQuery):
    agency: str | None = Field(None, max_length=32, description="agency code")
    year: int | None = Field(None, ge=2000, le=2200)


class GuideOut(Schema):
    agency: str
    classification: str
    arrangement: str
    how_to_obtain: str
    application_procedure: str
    office_name: str
    office_address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str
    website: str
    updated_at: datetime


def _agency(code: str) -> Agency:
    found = Agency.objects.filter(code=code).first()
    if found is None:
        raise not_found("机关", "Agency")
    return found


def _page(items: QuerySet[Any], query: PageQuery) -> tuple[int, list[Any]]:
    count = items.count()
    start = (query.page - 1) * query.page_size
    return count, list(items[start : start + query.page_size])


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def _agency_out(request: HttpRequest, agency: Agency) -> dict[str, Any]:
    code = agency.code
    return {
        "code": code,
        "name": agency.name,
        "parent": agency.parent.code if agency.parent is not None else None,
        "level": agency.level,
        "division_code": agency.division_code,
        "links": {
            "portal": _url(request, "portal:agency", code=code),
            "catalog": request.build_absolute_uri(
                reverse("api-1:catalog") + f"?agency={code}"
            ),
            "reports": request.build_absolute_uri(
                reverse("api-1:reports") + f"?agency={code}"
            ),
            "guide": _url(request, "api-1:guide", code=code),
        },
    }


@router.get("/agencies/", response={200: AgencyPage, **ERRORS}, url_name="agencies")
def agencies(request: HttpRequest, query: Query[PageQuery]) -> HttpResponse:
    """Every agency on this installation."""
    limits.check(limits.address_key(request))
    count, found = _page(
        Agency.objects.select_related("parent").order_by("code"), query
    )
    page = AgencyPage(
        count=count,
        page=query.page,
        page_size=query.page_size,
        items=[AgencyOut(**_agency_out(request, a)) for a in found],
    )
    return cached_json(request, page.model_dump(mode="json"))


@router.get("/agencies/{code}", response={200: AgencyOut, **ERRORS}, url_name="agency")
def agency(request: HttpRequest, code: str) -> HttpResponse:
    """One agency and the links to its data."""
    limits.check(limits.address_key(request))
    out = AgencyOut(**_agency_out(request, _agency(code)))
    return cached_json(request, out.model_dump(mode="json"))


@router.get(
    "/agencies/{code}/guide", response={200: GuideOut, **ERRORS}, url_name="guide"
)
def guide(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's 政府信息公开指南 (条例第十二条)."""
    limits.check(limits.address_key(request))
    found = DisclosureGuide.objects.filter(agency=_agency(code)).first()
    if found is None:
        raise not_found("公开指南", "Disclosure guide")
    out = GuideOut(
        agency=code,
        **{
            name: getattr(found, name)
            for name in GuideOut.model_fields
            if name != "agency"
        },
    )
    return cached_json(request, out.model_dump(mode="json"), found.updated_at)


def _catalog_out(request: HttpRequest, item: CatalogItem) -> CatalogItemOut:
    code = item.agency.code
    return CatalogItemOut(
        id=item.pk,
        agency=code,
        index_no=item.index_no,
        title=item.title,
        summary=item.summary,
        document_no=item.document_no,
        category=item.category,
        issuing_body=item.issuing_body,
        made_on=item.made_on,
        published_on=item.published_on,
        repealed_on=item.repealed_on,
        is_valid=item.is_valid,
        status=item.status,
        url=_url(request, "portal:catalog_item", code=code, pk=item.pk),
    )


@router.get("/catalog/", response={200: CatalogPage, **ERRORS}, url_name="catalog")
def catalog(request: HttpRequest, query: Query[CatalogQuery]) -> HttpResponse:
    """Published (and repealed) catalog items, searched like the portal's catalog."""
    limits.check(limits.address_key(request))
    items = CatalogItem.objects.filter(status__in=PUBLIC_STATUSES)
    if query.agency is not None:
        items = items.filter(agency=_agency(query.agency))
    if query.category:
        items = items.filter(category=query.category)
    items = search(items, query.q).select_related("agency")
    changed = items.aggregate(last=Max("updated_at"))["last"]
    count, found = _page(items.order_by("-published_on", "-id"), query)
    page = CatalogPage(
        count=count,
        page=query.page,
        page_size=query.page_size,
        items=[_catalog_out(request, item) for item in found],
    )
    return cached_json(request, page.model_dump(mode="json"), changed)


@router.get(
    "/catalog/{item_id}", response={200: CatalogItemOut, **ERRORS}, url_name="item"
)
def catalog_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """One public catalog item."""
    limits.check(limits.address_key(request))
    item = (
        CatalogItem.objects.filter(pk=item_id, status__in=PUBLIC_STATUSES)
        .select_related("agency")
        .first()
    )
    if item is None:
        raise not_found("目录条目", "Catalog item")
    out = _catalog_out(request, item)
    return cached_json(request, out.model_dump(mode="json"), item.updated_at)


def _report_out(request: HttpRequest, version: ReportVersion) -> dict[str, Any]:
    code, year, number = version.agency.code, version.year, version.number
    report = parse_report(version.canonical_json, f"{code} {year} v{number}")

    def link(kind: str) -> str:
        return _url(
            request,
            "portal:report_file",
            code=code,
            year=year,
            number=number,
            kind=kind,
        )

    return {
        "agency": code,
        "year": year,
        "number": number,
        "content_hash": version.content_hash,
        "published_at": version.published_at.isoformat(),
        "is_correction": version.is_correction,
        "correction_note": version.correction_note,
        "report": jsonable(report_to_data(report)),
        "links": {
            "json": _url(
                request, "api-1:report_json", code=code, year=year, number=number
            ),
            "html": link("html"),
            "docx": link("docx"),
            "pdf": link("pdf") if getattr(version, "pdf_available", False) else None,
        },
    }


@router.get("/reports/", response={200: ReportPage, **ERRORS}, url_name="reports")
def reports(request: HttpRequest, query: Query[ReportQuery]) -> HttpResponse:
    """Published annual reports, every version, newest year and version first."""
    limits.check(limits.address_key(request))
    versions = ReportVersion.objects.select_related("agency").defer(
        "html", "docx", "pdf"
    )
    if query.agency is not None:
        versions = versions.filter(agency=_agency(query.agency))
    if query.year is not None:
        versions = versions.filter(year=query.year)
    changed = versions.aggregate(last=Max("published_at"))["last"]
    count, found = _page(
        with_file_flags(versions).order_by("agency__code", "-year", "-number"), query
    )
    data = {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "items": [_report_out(request, v) for v in found],
    }
    ReportPage.model_validate(data)  # what is served is what the schema says
    return cached_json(request, data, changed)


@router.get(
    "/reports/{code}/{year}/v{number}.json",
    response={200: dict[str, Any], **ERRORS},
    url_name="report_json",
)
def report_json(
    request: HttpRequest, code: str, year: int, number: int
) -> HttpResponse:
    """One version's canonical JSON file, byte for byte as `gongkai validate` reads it."""
    limits.check(limits.address_key(request))
    version = ReportVersion.objects.filter(
        agency=_agency(code), year=year, number=number
    ).first()
    if version is None:
        raise not_found("年度报告", "Annual report")
    text = dump_report(parse_report(version.canonical_json))
    body = json.loads(text)
    response = cached_json(request, body, version.published_at)
    if response.status_code == 200:
        response.content = text.encode()
    return response
