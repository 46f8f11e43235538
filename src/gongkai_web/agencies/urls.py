from __future__ import annotations

from django.urls import path

from gongkai_web.agencies import views

urlpatterns = [
    path("", views.home, name="home"),
    path("a/<slug:code>/", views.dashboard, name="dashboard"),
    path("a/<slug:code>/calendar/", views.calendar_page, name="calendar"),
    path("calendar/", views.calendar_page, name="calendar_installation"),
]
