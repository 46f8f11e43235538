"""Public pages (no login) and the back-office page that edits an agency's guide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.errors import GongkaiError
from gongkai.proactive import ItemStatus
from gongkai.workflow import Status
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.files import version_response, with_file_flags
from gongkai_web.annual.models import ReportVersion
from gongkai_web.applications.models import Application
from gongkai_web.catalog.models import CatalogItem
from gongkai_web.catalog.search import search
from gongkai_web.language import message_of
from gongkai_web.pages import refused
from gongkai_web.portal import letters, services, throttle
from gongkai_web.portal.forms import ApplyForm, GuideForm, StatusForm
from gongkai_web.portal.models import DisclosureGuide, PortalSubmission
from gongkai_web.portal.reports import published_years, report_body

PAGE_SIZE = 20
PUBLIC_STATUSES = (ItemStatus.PUBLISHED, ItemStatus.REPEALED)
RECEIPT_KEY = "portal_receipt"


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code)


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/index.html", {"agencies": Agency.objects.order_by("code")}
    )


def agency_page(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    guide = DisclosureGuide.objects.filter(agency=agency).first()
    return render(request, "portal/agency.html", {"agency": agency, "guide": guide})


def catalog(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    query = request.GET.get("q", "").strip()
    items = search(
        CatalogItem.objects.filter(agency=agency, status__in=PUBLIC_STATUSES), query
    )
    page = Paginator(items.order_by("-published_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/catalog.html",
        {
            "agency": agency,
            "q": query,
            "page": page,
            "count": page.paginator.count,
        },
    )


def catalog_item(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _agency(code)
    item = get_object_or_404(
        CatalogItem, agency=agency, pk=pk, status__in=PUBLIC_STATUSES
    )
    return render(request, "portal/catalog_item.html", {"agency": agency, "item": item})


def reports(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    return render(
        request,
        "portal/reports.html",
        {
            "agency": agency,
            "years": published_years(agency),
        },
    )


def report_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = _agency(code)
    found = next((y for y in published_years(agency) if y.year == year), None)
    if found is None:
        raise Http404("no published report")
    try:
        number = int(request.GET.get("v", found.latest.number))
    except ValueError:
        number = found.latest.number
    version = get_object_or_404(
        with_file_flags(ReportVersion.objects.all()),
        agency=agency,
        year=year,
        number=number,
    )
    return render(
        request,
        "portal/report.html",
        {
            "agency": agency,
            "year": found,
            "version": version,
            "body": report_body(version),
            "is_latest": version.number == found.latest.number,
        },
    )


def report_file(
    request: HttpRequest, code: str, year: int, number: int, kind: str
) -> HttpResponse:
    agency = _agency(code)
    version = get_object_or_404(ReportVersion, agency=agency, year=year, number=number)
    if kind == "json":
        raise Http404("no such file")
    return version_response(version, kind)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        try:
            receipt = services.submit(
                agency,
                form.new_application(today),
                today=today,
                client=throttle.client_of(request),
                now=timezone.now(),
                form_token=form.cleaned_data["started"],
            )
        except throttle.Throttled as exc:
            return _throttled(request, "portal/apply.html", agency, exc, form)
        except GongkaiError as exc:
            form.add_error(None, message_of(exc))
        else:
            # The code goes to the receipt page through the session, once (see receipt).
            request.session[RECEIPT_KEY] = {
                "pk": receipt.application.pk,
                "code": receipt.shown_code,
            }
            return redirect("portal:receipt", code=agency.code)
    guide = DisclosureGuide.objects.filter(agency=agency).first()
    return render(
        request,
        "portal/apply.html",
        {
            "agency": agency,
            "form": form,
            "guide": guide,
        },
        status=400 if form.errors else 200,
    )


def due_note(application: Application) -> str:
    """Say why an open case has no due date: each reason in its own words."""
    if application.due_date is not None or not application.is_open:
        return ""
    if application.calendar_missing_year:
        return _(
            "待%(year)s年节假日安排公布后计算（国务院办公厅每年发布），不是暂停办理"
        ) % {"year": application.calendar_missing_year}
    notes = {
        Status.AWAITING_CORRECTION: _("等待补正：收到补正材料之日起重新计算"),
        Status.CONSULTING: _("征求第三方或其他机关意见期间不计算，意见返回后确定"),
        Status.AWAITING_FEE: _("缴费期间不计算，缴费后确定"),
    }
    return str(notes.get(Status(application.status), _("尚未确定")))


def _throttled(
    request: HttpRequest,
    template: str,
    agency: Agency,
    exc: throttle.Throttled,
    form: ApplyForm | StatusForm,
) -> HttpResponse:
    """The page of a throttled form: 429, Retry-After, the message, nothing more."""
    response = render(
        request,
        template,
        {"agency": agency, "form": form, "refusal": exc.refusal.message()},
        status=429,
    )
    response["Retry-After"] = str(exc.refusal.retry_after)
    return response


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt, shown once: the first visit takes it out of the session.

    A reload or a later visit from the same browser goes to the status page, where the
    tracking number and the code show the case (the database keeps only the code's
    HMAC); nobody else at that browser sees the applicant's name or request.
    """
    agency = _agency(code)
    shown = request.session.get(RECEIPT_KEY) or {}
    application = Application.objects.filter(
        agency=agency, pk=shown.get("pk", 0)
    ).first()
    if application is None:
        return redirect("portal:status", code=agency.code)
    if "code" not in shown:  # shown once already: the code is the way back in
        request.session.pop(RECEIPT_KEY, None)
        return redirect("portal:status", code=agency.code)
    request.session.pop(RECEIPT_KEY, None)
    return render(
        request,
        "portal/receipt.html",
        {
            "agency": agency,
            "application": application,
            "code": shown.get("code", ""),
        },
    )


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    form = StatusForm(request.POST or None)
    found, not_found = None, False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.follow(
                agency,
                data["tracking_number"],
                data["code"],
                client=throttle.client_of(request),
                now=timezone.now(),
            )
        except throttle.Throttled as exc:
            return _throttled(request, "portal/status.html", agency, exc, StatusForm())
        not_found = found is None
        if found is not None:
            letters.grant(request.session, found.pk)
    return render(
        request,
        "portal/status.html",
        {
            # 查无结果时不回显所填内容：编号不存在和查询码错误的页面完全相同。
            "agency": agency,
            "form": StatusForm() if found or not_found else form,
            "found": found,
            "due_note": due_note(found) if found is not None else "",
            "not_found": not_found,
            "notices": letters.notices_of(found) if found else [],
        },
    )


def letter(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A letter sent to the applicant, for the browser that looked the case up."""
    return letters.download(request.session, _agency(code), pk)


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    guide = DisclosureGuide.objects.filter(agency=agency).first()
    initial = {f: getattr(guide, f) for f in GuideForm.base_fields} if guide else {}
    form = GuideForm(request.POST or None, initial=initial)
    can_edit = bool(roles & services.GUIDE_ROLES)
    if request.method == "POST":
        if not can_edit:
            form.add_error(None, _("只有机关管理员可以修改公开指南"))
        elif form.is_valid():
            services.save_guide(agency, request.user, form.guide_data())
            messages.success(request, _("已保存公开指南"))
            return redirect("portal:guide_edit", code=agency.code)
    return render(
        request,
        "portal/guide_edit.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "guide": guide,
            "can_edit": can_edit,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_code(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Issue or reissue a case's verification code: a receipt to print, shown once."""
    agency, roles = get_agency_for_staff(request.user, code)
    application = get_object_or_404(Application, agency=agency, pk=pk)
    issued = None
    if request.method == "POST":
        try:
            issued = services.issue_code(application, request.user)
        except GongkaiError as exc:
            return refused(request, agency, str(exc), status=403)
    return render(
        request,
        "portal/staff_code.html",
        {
            "agency": agency,
            "roles": roles,
            "application": application,
            "code": issued.shown_code if issued else "",
            "has_code": PortalSubmission.objects.filter(
                application=application
            ).exists(),
            "can_issue": bool(roles & services.CODE_ROLES),
        },
    )
