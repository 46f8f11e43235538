"""URLs of the back office and the portal: auth, then each app's own `urls.py`."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai_web.applications.urls import home_urlpatterns

handler500 = "gongkai_web.errors.server_error"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include(home_urlpatterns)),
    path("", include("gongkai_web.jobs.urls")),
    path("", include("gongkai_web.accounts.urls")),
    path("", include("gongkai_web.applications.urls")),
    path("", include("gongkai_web.outbox.urls")),
    path("", include("gongkai_web.notifications.urls")),
    path("", include("gongkai_web.catalog.urls")),
    path("", include("gongkai_web.litigation.urls")),
    path("", include("gongkai_web.annual.urls")),
    path("", include("gongkai_web.portal.urls")),
    path("", include("gongkai_web.supervision.urls")),
    path("", include("gongkai_web.operations.urls")),
    path("", include("gongkai_web.api.urls")),
]
