from __future__ import annotations

from django.urls import path

from gongkai_web.applications.views import (
    cases,
    dashboard,
    events,
    ledger,
    letters,
    statistics,
    templates,
    work,
)

# Home, dashboard and calendar keep their names without the namespace (`{% url
# 'dashboard' code %}`); gongkai_web/urls.py includes them on their own.
home_urlpatterns = [
    path("", dashboard.home, name="home"),
    path("a/<slug:code>/", dashboard.dashboard, name="dashboard"),
    path("a/<slug:code>/calendar/", dashboard.calendar_page, name="calendar"),
    path("calendar/", dashboard.calendar_page, name="calendar_installation"),
]

app_name = "applications"

urlpatterns = [
    path("a/<slug:code>/cases/", cases.case_list, name="list"),
    path("a/<slug:code>/cases/new/", cases.register_case, name="register"),
    path("a/<slug:code>/ledger/", ledger.ledger_page, name="ledger"),
    path("a/<slug:code>/ledger/export/", ledger.ledger_export, name="ledger_export"),
    path(
        "a/<slug:code>/ledger/template.xlsx",
        ledger.ledger_template,
        name="ledger_template",
    ),
    path("a/<slug:code>/statistics/", statistics.statistics_page, name="statistics"),
    path("a/<slug:code>/templates/", templates.template_list, name="templates"),
    path(
        "a/<slug:code>/templates/<slug:outcome>/",
        templates.template_edit,
        name="template_edit",
    ),
    path("a/<slug:code>/cases/assign/", work.bulk_assign, name="bulk_assign"),
    path("cases/<int:pk>/", cases.case_detail, name="detail"),
    path(
        "a/<slug:code>/letters/settings/",
        letters.letter_settings,
        name="letter_settings",
    ),
    path(
        "cases/<int:pk>/events/<int:event_pk>/letter/",
        letters.issue,
        name="issue_letter",
    ),
    path(
        "cases/<int:pk>/letters/<int:letter_pk>.<str:fmt>",
        letters.download,
        name="letter",
    ),
    path("cases/<int:pk>/assign/", work.assign, name="assign"),
    path("cases/<int:pk>/transfer/", work.transfer, name="transfer"),
    path("cases/<int:pk>/draft/", work.draft, name="draft"),
    path("cases/<int:pk>/sign-off/", work.sign_off, name="sign_off"),
    path("cases/<int:pk>/return/", work.return_draft, name="return_draft"),
    path("cases/<int:pk>/attachments/", cases.add_attachment, name="add_attachment"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        cases.attachment,
        name="attachment",
    ),
    path("cases/<int:pk>/<slug:action>/", events.record_event, name="event"),
]
