from __future__ import annotations

from django.contrib import admin

from gongkai_web.agencies.models import Agency, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [MembershipInline]
