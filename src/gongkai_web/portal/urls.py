from __future__ import annotations

from django.urls import path

from gongkai_web.portal import receipt_letter, views

app_name = "portal"

urlpatterns = [
    path("portal/", views.index, name="index"),
    path("portal/<slug:code>/", views.agency_page, name="agency"),
    path("portal/<slug:code>/catalog/", views.catalog, name="catalog"),
    path(
        "portal/<slug:code>/catalog/<int:pk>/", views.catalog_item, name="catalog_item"
    ),
    path("portal/<slug:code>/reports/", views.reports, name="reports"),
    path("portal/<slug:code>/reports/<int:year>/", views.report_page, name="report"),
    path(
        "portal/<slug:code>/reports/<int:year>/v<int:number>.<slug:kind>",
        views.report_file,
        name="report_file",
    ),
    path("portal/<slug:code>/apply/", views.apply, name="apply"),
    path("portal/<slug:code>/apply/receipt/", views.receipt, name="receipt"),
    path("portal/<slug:code>/status/", views.status, name="status"),
    path(
        "portal/<slug:code>/receipt.pdf",
        receipt_letter.receipt_pdf,
        name="receipt_pdf",
    ),
    path("portal/<slug:code>/status/letters/<int:pk>", views.letter, name="letter"),
    path("a/<slug:code>/guide/", views.guide_edit, name="guide_edit"),
    path(
        "portal/<slug:code>/cases/<int:pk>/code/",
        views.staff_code,
        name="staff_code",
    ),
]
