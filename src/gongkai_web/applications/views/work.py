"""Internal work on cases: assign, bulk assign, 转办, reply draft, 签发, return.

Each view parses its form and calls its one service in `services/work.py`; a refused
action comes back as a message on the case page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.errors import GongkaiError
from gongkai.vocabulary import Outcome
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.models import Department
from gongkai_web.applications.access import get_application_for_staff
from gongkai_web.applications.forms import (
    AssignForm,
    DraftForm,
    ReturnForm,
    SignOffForm,
    TransferForm,
)
from gongkai_web.applications.services import work
from gongkai_web.language import message_of


def _back(pk: int) -> HttpResponse:
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application, _roles = get_application_for_staff(request, pk)
    form = AssignForm(request.POST, handlers=work.handlers_of(application.agency_id))
    if not form.is_valid():
        messages.error(request, _("请选择承办人"))
        return _back(pk)
    handler = get_user_model().objects.get(pk=form.cleaned_data["handler"])
    try:
        work.assign(pk, request.user, handler)
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("已分派给 %(u)s") % {"u": handler.username})
    return _back(pk)


@login_required
@require_POST
def bulk_assign(request: HttpRequest, code: str) -> HttpResponse:
    agency, _roles = get_agency_for_staff(request.user, code)
    form = AssignForm(request.POST, handlers=work.handlers_of(agency.pk))
    pks = [int(p) for p in request.POST.getlist("case") if p.isdigit()]
    back = request.POST.get("next", "")
    target = back if back.startswith("?") else ""
    if not form.is_valid() or not pks:
        messages.error(request, _("请勾选案件并选择承办人"))
        return redirect(reverse("applications:list", args=[agency.code]) + target)
    handler = get_user_model().objects.get(pk=form.cleaned_data["handler"])
    mine = set(agency.applications.filter(pk__in=pks).values_list("pk", flat=True))
    try:
        done = work.bulk_assign(sorted(mine), request.user, handler)
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(
            request,
            _("已将 %(n)s 件分派给 %(u)s") % {"n": len(done), "u": handler.username},
        )
    return redirect(reverse("applications:list", args=[agency.code]) + target)


@login_required
@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    application, _roles = get_application_for_staff(request, pk)
    departments = list(Department.objects.filter(agency=application.agency))
    form = TransferForm(request.POST, departments=departments)
    if not form.is_valid():
        messages.error(request, _("请选择科室"))
        return _back(pk)
    department = Department.objects.get(pk=form.cleaned_data["department"])
    try:
        work.transfer(pk, request.user, department, note=form.cleaned_data["note"])
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("已转办至 %(d)s") % {"d": department.name})
    return _back(pk)


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    application, roles = get_application_for_staff(request, pk)
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work.draft_reply(
                pk, request.user, outcome=Outcome(data["outcome"]), note=data["note"]
            )
        except GongkaiError as exc:
            form.add_error(None, message_of(exc))
        else:
            messages.success(request, _("答复稿已提交，等待审批负责人签发"))
            return _back(pk)
    return render(
        request,
        "applications/draft_form.html",
        {
            "agency": application.agency,
            "roles": roles,
            "case": application,
            "form": form,
        },
    )


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    form = SignOffForm(request.POST)
    get_application_for_staff(request, pk)
    if not form.is_valid():
        messages.error(request, _("请填写答复日期"))
        return _back(pk)
    try:
        work.sign_off(pk, request.user, form.cleaned_data["on"])
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("已签发，答复已记录"))
    return _back(pk)


@login_required
@require_POST
def return_draft(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    get_application_for_staff(request, pk)
    if not form.is_valid():
        messages.error(request, _("请填写退回意见"))
        return _back(pk)
    try:
        work.return_draft(pk, request.user, note=form.cleaned_data["note"])
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("答复稿已退回承办人"))
    return _back(pk)
