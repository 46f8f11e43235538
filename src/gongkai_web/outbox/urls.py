from __future__ import annotations

from django.urls import path

from gongkai_web.outbox import views

app_name = "outbox"

urlpatterns = [
    path("a/<slug:code>/messages/<int:pk>/resend/", views.resend, name="resend"),
]
