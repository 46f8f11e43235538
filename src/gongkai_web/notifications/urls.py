from __future__ import annotations

from django.urls import path

from gongkai_web.notifications import views

app_name = "notifications"

urlpatterns = [
    path("a/<slug:code>/messages/", views.message_list, name="messages"),
    path("a/<slug:code>/notices/", views.template_list, name="templates"),
    path(
        "a/<slug:code>/notices/<slug:kind>/", views.template_edit, name="template_edit"
    ),
    path("me/notifications/", views.preferences, name="preferences"),
]
