"""The API instance: version 1, its routers and its JSON errors."""

from __future__ import annotations

from ninja import NinjaAPI

from gongkai_web.api import clients, errors, public

api = NinjaAPI(
    title="Gongkai API",
    version="1",
    urls_namespace="api-1",
    description=(
        "政府信息公开 public API: agencies, the catalog, published annual reports, "
        "the 公开指南, and for token holders the submission and status of applications."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", public.router)
api.add_router("", clients.router)
