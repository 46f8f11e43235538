from __future__ import annotations

from django.urls import path

from gongkai_web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("a/<slug:code>/jobs/", views.job_list, name="list"),
    path("a/<slug:code>/jobs/<int:pk>.json", views.job_status, name="status"),
    path("a/<slug:code>/jobs/<int:pk>/retry/", views.job_retry, name="retry"),
]
