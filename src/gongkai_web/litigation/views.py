"""Back-office pages of the register: case list (or the cases of one cell), case form,
section 四 of a year with its counting option and notes."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.errors import GongkaiError, InvalidInput
from gongkai.litigation import RESULT_COLUMNS, ReviewKind, ReviewResult
from gongkai.report.formats import REVIEW_COLUMNS
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.models import Agency
from gongkai_web.inputs import report_year
from gongkai_web.language import message_of
from gongkai_web.litigation import services
from gongkai_web.litigation.forms import CaseForm, OptionForm
from gongkai_web.litigation.models import ReviewCase
from gongkai_web.pages import refused


def cell_url(agency: Agency, year: int, kind: str, result: str) -> str:
    """Return the list of the cases one cell of section 四 counts (`total` for the group)."""
    base = reverse("litigation:list", kwargs={"code": agency.code})
    return f"{base}?" + urlencode({"year": str(year), "cell": f"{kind}:{result}"})


def cell_cases(agency: Agency, year: int, cell: str) -> list[ReviewCase]:
    """Return the stored cases behind `kind:result` of section 四 (404 for a bad cell)."""
    kind_id, _sep, result_id = cell.partition(":")
    try:
        kind = ReviewKind(kind_id)
        results = (
            list(RESULT_COLUMNS) if result_id == "total" else [ReviewResult(result_id)]
        )
    except ValueError:
        raise Http404("no such cell") from None
    cells = services.section_four(agency, year).cells
    return [case for result in results for case in cells[(kind, result)]]


@login_required
def case_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    cell = request.GET.get("cell", "")
    try:
        year = report_year(request)
    except InvalidInput as exc:
        return refused(request, agency, message_of(exc), status=400)
    if cell:
        cases = cell_cases(agency, year, cell)
    else:
        cases = list(
            ReviewCase.objects.filter(agency=agency).prefetch_related("applications")
        )
    return render(
        request,
        "litigation/case_list.html",
        {
            "agency": agency,
            "roles": roles,
            "cases": cases,
            "cell": cell,
            "year": year,
            "can_edit": bool(roles & services.EDITING_ROLES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    return _case_form(request, agency, None)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = ReviewCase.objects.select_related("agency").filter(pk=pk).first()
    if case is None:
        raise Http404("no such case")
    get_agency_for_staff(request.user, case.agency.code)
    return _case_form(request, case.agency, case)


def _case_form(
    request: HttpRequest, agency: Agency, case: ReviewCase | None
) -> HttpResponse:
    initial = {}
    if case is not None:
        initial = {
            "case_no": case.case_no,
            "kind": case.kind,
            "filed_on": case.filed_on,
            "result": case.result,
            "concluded_on": case.concluded_on,
            "body": case.body,
            "note": case.note,
            "applications": " ".join(
                a.tracking_number for a in case.applications.all()
            ),
        }
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_case(
                agency, request.user, form.case_data(), pk=case.pk if case else None
            )
        except GongkaiError as exc:
            form.add_error(None, message_of(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("litigation:list", code=agency.code)
    return render(
        request,
        "litigation/case_form.html",
        {
            "agency": agency,
            "form": form,
            "case": case,
        },
        status=400 if form.errors else 200,
    )


def section_rows(
    agency: Agency, year: int, section: services.SectionFour
) -> list[tuple[ReviewKind, list[tuple[str, int | Decimal, str]]]]:
    """Rows of (group label, [(column label, value, url)]) for the linked table."""
    rows = []
    for kind in ReviewKind:
        values = section.table.group(kind.value)
        cells = [
            (column.label, value, cell_url(agency, year, kind.value, column.id))
            for column, value in zip(REVIEW_COLUMNS, values, strict=True)
        ]
        rows.append((kind, cells))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def section_page(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    try:
        year = report_year(request)
    except InvalidInput as exc:
        return refused(request, agency, message_of(exc), status=400)
    can_set = bool(roles & services.OPTION_ROLES)
    if request.method == "POST":
        form = OptionForm(request.POST)
        if not can_set or not form.is_valid():
            messages.error(request, _("只有机关管理员或审批负责人可以设置统计口径"))
        else:
            value = form.cleaned_data["count_concluded_from_previous_year"]
            services.set_counting_option(agency, request.user, year, value)
            messages.success(request, _("已保存统计口径"))
        url = reverse("litigation:section", kwargs={"code": agency.code})
        return redirect(f"{url}?year={year}")
    section = services.section_four(agency, year)
    return render(
        request,
        "litigation/section.html",
        {
            "agency": agency,
            "roles": roles,
            "year": year,
            "section": section,
            "rows": section_rows(agency, year, section),
            "columns": REVIEW_COLUMNS,
            "form": OptionForm(
                initial={"count_concluded_from_previous_year": section.option}
            ),
            "can_set": can_set,
        },
    )
