from __future__ import annotations

from django.urls import path

from gongkai_web.supervision import exports, uploads, views

app_name = "supervision"

urlpatterns = [
    # s/report/… and s/collection/… before s/CODE/…
    path("s/report/<int:pk>/", views.report_page, name="report"),
    path("s/report/<int:pk>/file/", views.report_file, name="report_file"),
    path("s/report/<int:pk>/correct/", views.correct, name="correct"),
    path("s/collection/<int:pk>/", uploads.job_page, name="job"),
    path("s/collection/<int:pk>.json", uploads.job_status, name="job_status"),
    path("s/<slug:code>/<int:year>/", views.overview, name="overview"),
    path("s/<slug:code>/series/", views.series, name="series"),
    path("s/<slug:code>/<int:year>/upload/", uploads.upload, name="upload"),
    path("s/<slug:code>/<int:year>/exports/", exports.exports, name="exports"),
    path(
        "s/<slug:code>/<int:year>/aggregate/", exports.aggregate_page, name="aggregate"
    ),
    path(
        "s/<slug:code>/<int:year>/findings.xlsx",
        exports.findings_file,
        name="findings_file",
    ),
    path(
        "s/<slug:code>/<int:year>/aggregate.<slug:to>",
        exports.aggregate_file,
        name="aggregate_file",
    ),
    path(
        "s/<slug:code>/<int:year>/notice.docx", exports.notice_file, name="notice_file"
    ),
]
