"""The event forms of a case: one URL per action, each calling its one service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.deadlines import (
    consultation_reply_due,
    correction_notice_due,
    fee_payment_due,
)
from gongkai.errors import GongkaiError
from gongkai.vocabulary import Outcome
from gongkai.workflow import Action
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.applications import services
from gongkai_web.applications.access import get_application_for_staff
from gongkai_web.applications.forms import EVENT_FORMS, NOTE_HELP, EventForm
from gongkai_web.applications.models import Application
from gongkai_web.language import message_of

Service = Callable[[int, Any, dict[str, Any]], Application]

SERVICES: dict[Action, Service] = {
    Action.ASK_CORRECTION: lambda pk, user, d: services.ask_correction(
        pk, user, d["on"], note=d["note"]
    ),
    Action.RECEIVE_CORRECTION: lambda pk, user, d: services.receive_correction(
        pk, user, d["on"], note=d["note"]
    ),
    Action.CORRECTION_LAPSED: lambda pk, user, d: services.correction_lapsed(
        pk, user, d["on"], note=d["note"]
    ),
    Action.START_CONSULTATION: lambda pk, user, d: services.start_consultation(
        pk, user, d["on"], party=d["party"], note=d["note"]
    ),
    Action.END_CONSULTATION: lambda pk, user, d: services.end_consultation(
        pk, user, d["on"], note=d["note"]
    ),
    Action.EXTEND: lambda pk, user, d: services.extend(
        pk, user, d["on"], note=d["note"]
    ),
    Action.FEE_NOTICE: lambda pk, user, d: services.fee_notice(
        pk, user, d["on"], amount=d["amount"], note=d["note"]
    ),
    Action.FEE_PAID: lambda pk, user, d: services.fee_paid(
        pk, user, d["on"], note=d["note"]
    ),
    Action.FEE_LAPSED: lambda pk, user, d: services.fee_lapsed(
        pk, user, d["on"], note=d["note"]
    ),
    Action.REPLY: lambda pk, user, d: services.reply(
        pk, user, d["on"], outcome=Outcome(d["outcome"]), note=d["note"]
    ),
    Action.WITHDRAW: lambda pk, user, d: services.withdraw(
        pk, user, d["on"], note=d["note"]
    ),
}


def _last(application: Application, action: Action) -> date | None:
    found = (
        application.events.filter(
            action=action.value, seq__gte=application.history_start
        )
        .order_by("-seq")
        .first()
    )
    return found.on if found else None


def deadline_hint(application: Application, action: Action) -> str:
    """Return the statutory date the person recording `action` should know, or "".

    Raises:
        CalendarDataMissing: when the date needs a year nobody has entered.
    """
    calendar = work_calendar()
    if action is Action.ASK_CORRECTION:
        due = correction_notice_due(application.received, calendar)
        return _("补正告知应在 %(due)s 前发出（条例第三十条）") % {
            "due": due.isoformat()
        }
    if action is Action.END_CONSULTATION and (
        start := _last(application, Action.START_CONSULTATION)
    ):
        due = consultation_reply_due(start, calendar)
        return _(
            "被征求意见方自收到征求意见书之日起15个工作日内提出意见"
            "（条例第三十二条、第三十四条），自 %(start)s 起算为 %(due)s"
        ) % {"start": start.isoformat(), "due": due.isoformat()}
    if action in (Action.FEE_PAID, Action.FEE_LAPSED) and (
        notice := _last(application, Action.FEE_NOTICE)
    ):
        due = fee_payment_due(notice, calendar)
        return _(
            "申请人应自收到收费通知次日起20个工作日内缴费，自 %(notice)s 起算为 "
            "%(due)s；此后才能记录逾期未缴费"
        ) % {"notice": notice.isoformat(), "due": due.isoformat()}
    if action in (Action.EXTEND, Action.FEE_NOTICE, Action.START_CONSULTATION):
        if application.due_date is not None:
            return _("答复期限至 %(due)s，此事项应在期限内办理") % {
                "due": application.due_date.isoformat()
            }
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def record_event(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application, roles = get_application_for_staff(request, pk)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404("no such action") from None
    if chosen not in SERVICES:
        raise Http404("no such action")
    form_class: type[EventForm] = EVENT_FORMS.get(chosen, EventForm)
    form = form_class(request.POST or None)
    if chosen in NOTE_HELP:
        form.fields["note"].help_text = NOTE_HELP[chosen]
    offered = chosen in services.allowed_actions_for(application, roles)
    if request.method == "POST" and form.is_valid():
        try:
            SERVICES[chosen](application.pk, request.user, form.cleaned_data)
        except GongkaiError as exc:
            form.add_error(None, message_of(exc))
        else:
            messages.success(
                request, _("已记录：%(action)s") % {"action": chosen.label}
            )
            return redirect("applications:detail", pk=application.pk)
    try:
        hint = deadline_hint(application, chosen)
    except GongkaiError as exc:
        hint = message_of(exc)
    return render(
        request,
        "applications/event_form.html",
        {
            "agency": application.agency,
            "roles": roles,
            "case": application,
            "action": chosen,
            "form": form,
            "offered": offered,
            "hint": hint,
        },
    )
