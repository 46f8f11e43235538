"""Account pages: an agency's users and roles, passwords, the audit log.

The agency administrator manages the users of their agency; the system administrator
those of every agency (they reach an agency's pages without being its member). A
generated password is shown once, in the page's message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.errors import InvalidInput
from gongkai_web.accounts import audit_log, services
from gongkai_web.accounts.forms import (
    AuditFilterForm,
    ChangePasswordForm,
    GrantForm,
    NewUserForm,
    SetPasswordForm,
)
from gongkai_web.agencies.access import (
    Account,
    can_manage_users,
    can_read_audit,
    get_agency_for_staff,
    is_system_admin,
    roles_in,
)
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.downloads import FORMATS, table_response
from gongkai_web.language import is_english, message_of
from gongkai_web.pages import refused

AUDIT_PAGE = 100


def agency_for(request: HttpRequest, code: str) -> tuple[Agency, frozenset[Role]]:
    """Return the agency and the user's roles there; the system administrator reaches
    every agency. 404 for anyone else who is not its member."""
    if is_system_admin(request.user):
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise Http404("no such agency")
        return agency, roles_in(request.user, agency)
    return get_agency_for_staff(request.user, code)


def _password_or_new(given: str) -> tuple[str, bool]:
    return (given, False) if given else (services.new_password(), True)


@login_required
@require_http_methods(["GET", "POST"])
def user_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = agency_for(request, code)
    if not can_manage_users(request.user, agency):
        return refused(
            request, agency, _("只有机关管理员或系统管理员可以管理用户"), status=403
        )
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password, generated = _password_or_new(data["password"])
        try:
            user = services.create_user(
                agency,
                request.user,
                data["username"],
                password,
                frozenset(Role(r) for r in data["roles"]),
                full_name=data["full_name"],
            )
        except InvalidInput as exc:
            form.add_error(
                "password" if "密码" in message_of(exc) else None, message_of(exc)
            )
        else:
            shown = _("，初始密码 %(p)s（只显示这一次）") % {"p": password}
            messages.success(
                request,
                _("已新增用户 %(u)s") % {"u": user.username}
                + (shown if generated else ""),
            )
            return redirect("accounts:user", code=agency.code, user_id=user.pk)
    members = (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__username", "role")
    )
    people: dict[int, tuple[object, list[str]]] = {}
    for m in members:
        people.setdefault(m.user_id, (m.user, []))[1].append(m.get_role_display())
    return render(
        request,
        "accounts/user_list.html",
        {"agency": agency, "roles": roles, "form": form, "people": people.values()},
    )


def _member(agency: Agency, user_id: int) -> Account:
    user = get_object_or_404(get_user_model(), pk=user_id)
    if not Membership.objects.filter(user=user, agency=agency).exists():
        raise Http404("not a user of this agency")
    return user


@login_required
def user_detail(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    agency, roles = agency_for(request, code)
    if not can_manage_users(request.user, agency):
        return refused(
            request, agency, _("只有机关管理员或系统管理员可以管理用户"), status=403
        )
    person = _member(agency, user_id)
    held = Membership.objects.filter(user=person, agency=agency).order_by("role")
    return render(
        request,
        "accounts/user_detail.html",
        {
            "agency": agency,
            "roles": roles,
            "person": person,
            "held": held,
            "grant_form": GrantForm(),
            "password_form": SetPasswordForm(),
        },
    )


@login_required
@require_POST
def grant(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    agency, _roles = agency_for(request, code)
    person = _member(agency, user_id)
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择要授予的岗位"))
    else:
        role = Role(form.cleaned_data["role"])
        try:
            done = services.grant_role(agency, request.user, person, role)
        except InvalidInput as exc:
            return refused(request, agency, message_of(exc), status=403)
        messages.success(
            request,
            (_("已授予岗位：%(r)s") if done else _("已有岗位：%(r)s"))
            % {"r": role.label},
        )
    return redirect("accounts:user", code=agency.code, user_id=user_id)


@login_required
@require_POST
def revoke(request: HttpRequest, code: str, user_id: int, role: str) -> HttpResponse:
    agency, _roles = agency_for(request, code)
    person = _member(agency, user_id)
    if role not in Role.values:
        raise Http404("no such role")
    try:
        services.revoke_role(agency, request.user, person, Role(role))
    except InvalidInput as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("已撤销岗位：%(r)s") % {"r": Role(role).label})
    if not Membership.objects.filter(user=person, agency=agency).exists():
        return redirect("accounts:users", code=agency.code)
    return redirect("accounts:user", code=agency.code, user_id=user_id)


@login_required
@require_POST
def reset_password(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    agency, _roles = agency_for(request, code)
    person = _member(agency, user_id)
    form = SetPasswordForm(request.POST)
    form.is_valid()
    password, generated = _password_or_new(form.cleaned_data.get("password", ""))
    try:
        services.reset_password(agency, request.user, person, password)
    except InvalidInput as exc:
        messages.error(request, message_of(exc))
    else:
        note = _("已重置密码")
        if generated:
            note += _("，新密码 %(p)s（只显示这一次）") % {"p": password}
        messages.success(request, note)
    return redirect("accounts:user", code=agency.code, user_id=user_id)


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_own_password(request.user, data["old"], data["new"])  # type: ignore[arg-type]
        except InvalidInput as exc:
            form.add_error(
                "old" if "当前" in message_of(exc) else "new", message_of(exc)
            )
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("密码已修改"))
            return redirect("home")
    return render(request, "accounts/password.html", {"form": form})


@login_required
def audit_page(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """The audit log of one agency (`/a/<code>/audit/`), or of the whole installation
    for the system administrator (`/audit/`)."""
    agency: Agency | None = None
    roles: frozenset[Role] = frozenset()
    if code is not None:
        agency, roles = agency_for(request, code)
        allowed = can_read_audit(request.user, agency)
    else:
        allowed = is_system_admin(request.user)
    if not allowed:
        return refused(
            request,
            agency,
            _("只有审计人员、机关管理员或系统管理员可以查看审计日志"),
            status=403,
        )
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "accounts/audit.html",
            {"agency": agency, "roles": roles, "form": form, "entries": []},
            status=400,
        )
    found = audit_log.entries(agency, filters)
    export = request.GET.get("export", "")
    if export in FORMATS:
        headers = audit_log.HEADERS_EN if is_english() else audit_log.HEADERS
        name = f"audit-{agency.code if agency else 'all'}"
        response = table_response(
            headers, list(audit_log.rows(found)), name=name, format_id=export
        )
        # Recorded after the rows are read: the export does not list itself.
        record(
            request.user,
            AuditAction.AUDIT_EXPORT,
            agency=agency,
            summary=f"导出审计日志（{export}）",
            data={"format": export, "filters": request.GET.dict()},
        )
        return response
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "accounts/audit.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "entries": found[:AUDIT_PAGE],
            "total": found.count(),
            "limit": AUDIT_PAGE,
            "query": query.urlencode(),
        },
    )
