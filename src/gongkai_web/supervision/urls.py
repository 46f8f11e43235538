from __future__ import annotations

from django.urls import path

from gongkai_web.supervision import views

app_name = "supervision"

urlpatterns = [
    path("s/report/<int:pk>/", views.report_page, name="report"),  # before s/CODE/
    path("s/<slug:code>/<int:year>/", views.overview, name="overview"),
]
