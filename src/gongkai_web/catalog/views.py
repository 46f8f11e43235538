"""Back-office pages of the catalog: list with Art. 26 warnings, item, workflow steps,
entered counts with the section 二 table they make, catalog role grants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.annual import format_for_year
from gongkai.errors import GongkaiError, InvalidInput
from gongkai.proactive import (
    CatalogAction,
    CatalogRole,
    Category,
    ItemStatus,
    Measure,
    allowed_actions,
    missing_counts,
    proactive_table,
)
from gongkai.report.formats import FORMATS
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.catalog import services
from gongkai_web.catalog.forms import CountForm, GrantForm, ItemForm, StepForm
from gongkai_web.catalog.models import CatalogItem, CatalogRoleGrant, CategoryCount
from gongkai_web.catalog.records import counted_items, entered_counts, lateness
from gongkai_web.catalog.roles import (
    COUNTING_ROLES,
    GRANTING_ROLES,
    get_agency_for_catalog,
)
from gongkai_web.catalog.search import search
from gongkai_web.inputs import report_year
from gongkai_web.language import message_of
from gongkai_web.pages import refused

PAGE_SIZE = 50


@login_required
def item_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles, catalog = get_agency_for_catalog(request.user, code)
    items = CatalogItem.objects.filter(agency=agency)
    status = request.GET.get("status", "")
    if status in ItemStatus.__members__.values():
        items = items.filter(status=status)
    query = request.GET.get("q", "").strip()
    items = search(items, query)
    page = Paginator(items.order_by("-made_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    late = lateness(page.object_list, work_calendar(), timezone.localdate())
    return render(
        request,
        "catalog/item_list.html",
        {
            "agency": agency,
            "roles": roles,
            "catalog_roles": catalog,
            "page": page,
            "rows": [(item, late.get(item.pk)) for item in page.object_list],
            "statuses": list(ItemStatus),
            "status": status,
            "q": query,
            "can_draft": CatalogRole.EDITOR in catalog,
        },
    )


def _item_for_staff(
    request: HttpRequest, pk: int
) -> tuple[CatalogItem, frozenset[CatalogRole]]:
    item = CatalogItem.objects.select_related("agency").filter(pk=pk).first()
    if item is None:
        raise Http404("no such item")
    _agency, _roles, catalog = get_agency_for_catalog(request.user, item.agency.code)
    return item, catalog


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles, catalog = get_agency_for_catalog(request.user, code)
    form = ItemForm(request.POST or None, initial={"issuing_body": agency.name})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(agency, request.user, form.item_data())
        except GongkaiError as exc:
            form.add_error(None, message_of(exc))
        else:
            messages.success(
                request, _("已起草目录条目 %(no)s") % {"no": item.index_no}
            )
            return redirect("catalog:detail", pk=item.pk)
    return render(
        request,
        "catalog/item_form.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "item": None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item, _catalog = _item_for_staff(request, pk)
    initial = {name: getattr(item, name) for name in ItemForm.base_fields}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item.pk, request.user, form.item_data())
        except GongkaiError as exc:
            form.add_error(None, message_of(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("catalog:detail", pk=item.pk)
    return render(
        request,
        "catalog/item_form.html",
        {
            "agency": item.agency,
            "form": form,
            "item": item,
        },
        status=400 if form.errors else 200,
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item, catalog = _item_for_staff(request, pk)
    late = lateness([item], work_calendar(), timezone.localdate()).get(item.pk)
    mine = [
        action
        for action in CatalogAction
        if any(action in allowed_actions(item.status_enum, role) for role in catalog)
    ]
    return render(
        request,
        "catalog/item_detail.html",
        {
            "agency": item.agency,
            "item": item,
            "late": late,
            "catalog_roles": catalog,
            "events": item.events.select_related("actor"),
            "actions": mine,
            "step_form": StepForm(),
            "can_edit": item.status == ItemStatus.DRAFT
            and CatalogRole.EDITOR in catalog,
        },
    )


@login_required
@require_POST
def item_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item, _catalog = _item_for_staff(request, pk)
    try:
        chosen = CatalogAction(action)
    except ValueError:
        raise Http404("no such action") from None
    form = StepForm(request.POST)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, "；".join(problems) or _("日期无效"))
        return redirect("catalog:detail", pk=item.pk)
    try:
        services.perform(
            item.pk,
            request.user,
            chosen,
            form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )
    except GongkaiError as exc:
        return render(
            request,
            "catalog/refused.html",
            {
                "agency": item.agency,
                "item": item,
                "message": message_of(exc),
            },
            status=403,
        )
    messages.success(request, _("已办理：%(action)s") % {"action": chosen.label})
    return redirect("catalog:detail", pk=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def counts_page(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles, catalog = get_agency_for_catalog(request.user, code)
    try:
        year = report_year(request)
    except InvalidInput as exc:
        return refused(request, agency, message_of(exc), status=400)
    can_enter = bool(roles & COUNTING_ROLES)
    form = CountForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if not can_enter:
            form.add_error(None, _("您的岗位不能录入数据"))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.save_count(
                    agency,
                    request.user,
                    data["year"],
                    Category(data["category"]),
                    Measure(data["measure"]),
                    data["value"],
                    data["source"],
                    data["unit"],
                )
            except GongkaiError as exc:
                form.add_error(None, message_of(exc))
            else:
                messages.success(request, _("已保存"))
                return redirect(f"{request.path}?year={data['year']}")
    return render(
        request,
        "catalog/counts.html",
        {
            "agency": agency,
            "roles": roles,
            "year": year,
            "form": form,
            "can_enter": can_enter,
            "counts": CategoryCount.objects.filter(agency=agency, year=year),
            **_section_two(agency, year),
        },
        status=400 if form.errors else 200,
    )


def _section_two(agency: object, year: int) -> dict[str, object]:
    """The section 二 table of `year` as rows of (label, [(column label, value)])."""
    try:
        format_id = format_for_year(year)
        counts = entered_counts(agency)  # type: ignore[arg-type]
        table = proactive_table(counted_items(agency), counts, year, format_id)  # type: ignore[arg-type]
        missing = missing_counts(counts, year, format_id)
    except GongkaiError as exc:
        return {"table_error": message_of(exc)}
    rows = []
    for row in FORMATS[format_id].proactive_rows:
        cells = table.row(row.id)
        rows.append((row, [(column, cells.cell(column.id)) for column in row.columns]))
    return {
        "table_rows": rows,
        "format": format_id.value,
        "missing": [f"{c.label}：{m.label}" for c, m in missing],
    }


@login_required
@require_POST
def count_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = CategoryCount.objects.select_related("agency").filter(pk=pk).first()
    if row is None:
        raise Http404("no such figure")
    get_agency_for_catalog(request.user, row.agency.code)
    try:
        services.delete_count(row.pk, request.user)
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
    url = reverse("catalog:counts", kwargs={"code": row.agency.code})
    return redirect(f"{url}?year={row.year}")


@login_required
@require_http_methods(["GET", "POST"])
def roles_page(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles, _catalog = get_agency_for_catalog(request.user, code)
    can_grant = bool(roles & GRANTING_ROLES)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and "revoke" in request.POST:
        try:
            services.revoke_role(int(request.POST["revoke"]), request.user)
        except (GongkaiError, ValueError, CatalogRoleGrant.DoesNotExist) as exc:
            messages.error(request, message_of(exc))
        return redirect("catalog:roles", code=agency.code)
    if request.method == "POST" and form.is_valid():
        user = (
            get_user_model()
            .objects.filter(username=form.cleaned_data["username"])
            .first()
        )
        if user is None:
            form.add_error("username", _("没有这个用户"))
        else:
            try:
                services.grant_role(
                    agency, request.user, user, CatalogRole(form.cleaned_data["role"])
                )
            except GongkaiError as exc:
                form.add_error(None, message_of(exc))
            else:
                return redirect("catalog:roles", code=agency.code)
    return render(
        request,
        "catalog/roles.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "can_grant": can_grant,
            "grants": CatalogRoleGrant.objects.filter(agency=agency).select_related(
                "user"
            ),
        },
        status=400 if form.errors else 200,
    )
