from __future__ import annotations

from django.urls import path

from gongkai_web.catalog import views

app_name = "catalog"

urlpatterns = [
    path("a/<slug:code>/catalog/", views.item_list, name="list"),
    path("a/<slug:code>/catalog/new/", views.item_new, name="new"),
    path("a/<slug:code>/catalog/counts/", views.counts_page, name="counts"),
    path("a/<slug:code>/catalog/roles/", views.roles_page, name="roles"),
    path("catalog/<int:pk>/", views.item_detail, name="detail"),
    path("catalog/<int:pk>/edit/", views.item_edit, name="edit"),
    path("catalog/<int:pk>/step/<slug:action>/", views.item_step, name="step"),
    path("catalog/counts/<int:pk>/delete/", views.count_delete, name="count_delete"),
]
