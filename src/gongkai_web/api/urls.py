from __future__ import annotations

from django.urls import path

from gongkai_web.api import views
from gongkai_web.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("a/<slug:code>/tokens/", views.token_list, name="api_tokens"),
    path(
        "a/<slug:code>/tokens/<int:token_id>/revoke/",
        views.token_revoke,
        name="api_token_revoke",
    ),
]
