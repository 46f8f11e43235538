from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gongkai_web.audit.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "actor",
        "agency",
        "action",
        "object_type",
        "object_id",
        "summary",
    )
    list_filter = ("action", "agency")
    search_fields = ("summary", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
