from __future__ import annotations

from django.urls import path

from gongkai_web.accounts import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.change_password, name="password"),
    path("audit/", views.audit_page, name="audit_all"),
    path("a/<slug:code>/audit/", views.audit_page, name="audit"),
    path("a/<slug:code>/users/", views.user_list, name="users"),
    path("a/<slug:code>/users/<int:user_id>/", views.user_detail, name="user"),
    path("a/<slug:code>/users/<int:user_id>/grant/", views.grant, name="grant"),
    path(
        "a/<slug:code>/users/<int:user_id>/revoke/<slug:role>/",
        views.revoke,
        name="revoke",
    ),
    path(
        "a/<slug:code>/users/<int:user_id>/password/",
        views.reset_password,
        name="reset_password",
    ),
]
