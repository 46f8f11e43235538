from __future__ import annotations

from django.contrib import admin

from gongkai_web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "agency", "state", "attempts", "label")
    list_filter = ("state", "kind", "agency")
    search_fields = ("key", "label", "error")
    exclude = ("data",)
    readonly_fields = ("key", "kind", "agency", "arguments", "created_by")
