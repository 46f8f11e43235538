from __future__ import annotations

from django.urls import path

from gongkai_web.annual import views

app_name = "annual"

urlpatterns = [
    path("a/<slug:code>/annual/", views.year_list, name="list"),
    path("a/<slug:code>/annual/<int:year>/", views.draft_page, name="draft"),
    path(
        "a/<slug:code>/annual/<int:year>/publish/", views.publish_view, name="publish"
    ),
    path("a/<slug:code>/annual/<int:year>/preview.html", views.preview, name="preview"),
    path(
        "a/<slug:code>/annual/<int:year>/v<int:number>.<slug:kind>",
        views.version_file,
        name="version_file",
    ),
]
