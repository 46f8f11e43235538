from __future__ import annotations

from django.urls import path

from gongkai_web.litigation import views

app_name = "litigation"

urlpatterns = [
    path("a/<slug:code>/review/", views.case_list, name="list"),
    path("a/<slug:code>/review/new/", views.case_new, name="new"),
    path("a/<slug:code>/review/section/", views.section_page, name="section"),
    path("review/<int:pk>/", views.case_edit, name="edit"),
]
