"""The case list's filters, sort order and export: parsed from the query string.

Filters: state (the tabs), outcome, channel, applicant type, handler (a user, "me",
or "none" for unassigned), received between two dates, due within N working days,
overdue. Sort: any column of `SORTS`, `-` for descending; the default is urgency
(due date first, paused and calendar-missing last), with a handler's own cases first.

Handlers still see the unassigned cases and those of colleagues: the duty to reply is
the agency's (条例第四条), a colleague's case may need covering during leave, and the
list is read-only until an action is taken. Their own cases come first and "我的案件"
(`?handler=me`) shows only them.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from gongkai.calendar import WorkCalendar
from gongkai.vocabulary import ApplicantType, Channel
from gongkai_web.agencies.access import Account
from gongkai_web.applications.forms import OUTCOME_CHOICES
from gongkai_web.applications.models import Application
from gongkai_web.applications.urgency import due_within
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.inputs import DATE_INPUT

SORTS = {
    "number": "tracking_number",
    "received": "received",
    "applicant": "applicant_name",
    "type": "applicant_type",
    "status": "status",
    "due": "due_date",
    "handler": "handler__username",
}
MAX_WITHIN = 200


class CaseFilterForm(CleanTextForm):
    q = forms.CharField(label=_("编号或申请人"), required=False, max_length=200)
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        required=False,
        choices=[("", _("全部")), *OUTCOME_CHOICES[1:]],
    )
    channel = forms.ChoiceField(
        label=_("渠道"),
        required=False,
        choices=[("", _("全部")), *[(c.value, c.label) for c in Channel]],
    )
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        required=False,
        choices=[("", _("全部")), *[(t.value, t.label) for t in ApplicantType]],
    )
    handler = forms.ChoiceField(label=_("承办人"), required=False)
    received_from = forms.DateField(
        label=_("收到日期自"), required=False, widget=DATE_INPUT
    )
    received_to = forms.DateField(
        label=_("收到日期至"), required=False, widget=DATE_INPUT
    )
    due_within = forms.IntegerField(
        label=_("几个工作日内到期"), required=False, min_value=0, max_value=MAX_WITHIN
    )
    overdue = forms.BooleanField(label=_("只看已超期"), required=False)

    def __init__(
        self, *args: object, handlers: list[Account], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["handler"].choices = [  # type: ignore[attr-defined]
            ("", _("全部")),
            ("me", _("我的案件")),
            ("none", _("未分派")),
            *[(str(h.pk), h.get_full_name() or h.username) for h in handlers],
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("received_to", _("结束日期早于开始日期"))
        return data


def apply_filters(
    cases: QuerySet[Application],
    data: dict[str, object],
    *,
    user: Account,
    today: date,
    calendar: WorkCalendar,
) -> tuple[QuerySet[Application], str]:
    """Return `cases` narrowed by the cleaned filter form, and a note (a due window
    cut short by a calendar year not entered), or ""."""
    note = ""
    if query := str(data.get("q") or "").strip():
        cases = cases.filter(
            Q(tracking_number__icontains=query) | Q(applicant_name__icontains=query)
        )
    for field in ("outcome", "channel", "applicant_type"):
        if value := data.get(field):
            cases = cases.filter(**{field: value})
    handler = data.get("handler")
    if handler == "me":
        cases = cases.filter(handler=user)
    elif handler == "none":
        cases = cases.filter(handler__isnull=True)
    elif handler:
        cases = cases.filter(handler_id=int(str(handler)))
    if start := data.get("received_from"):
        cases = cases.filter(received__gte=start)
    if end := data.get("received_to"):
        cases = cases.filter(received__lte=end)
    within = data.get("due_within")
    if isinstance(within, int):
        window = due_within(today, within, calendar)
        cases = cases.filter(is_open=True, due_date__lte=window.limit)
        note = window.note
    if data.get("overdue"):
        cases = cases.filter(is_open=True, due_date__lt=today)
    return cases, note


def sort_cases(
    cases: QuerySet[Application], sort: str, *, user: Account | None, urgent: bool
) -> QuerySet[Application]:
    """Order by `?sort=` (a key of SORTS, `-` for descending); otherwise by urgency
    (open tabs) or newest first, with `user`'s own cases first."""
    key = sort.removeprefix("-")
    if key in SORTS:
        field = F(SORTS[key])
        ordered = (
            field.desc(nulls_last=True)
            if sort.startswith("-")
            else field.asc(nulls_last=True)
        )
        return cases.order_by(ordered, "id")
    if user is not None:
        cases = cases.annotate(
            is_mine=Case(
                When(handler=user, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        first = ["is_mine"]
    else:
        first = []
    if urgent:
        return cases.order_by(*first, F("due_date").asc(nulls_last=True), "id")
    return cases.order_by(*first, "-received", "-id")
