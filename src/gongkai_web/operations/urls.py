from __future__ import annotations

from django.urls import path

from gongkai_web.operations.health import healthz

urlpatterns = [path("healthz", healthz, name="healthz")]
