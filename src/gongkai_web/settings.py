"""The one settings module of the back office.

Every value a deployment may change comes from an environment variable read through a
helper below, which raises `ImproperlyConfigured` naming the variable and the bad value.

| variable | default |
|---|---|
| `DATABASE_URL` | embedded SQLite file `var/gongkai.sqlite3` in the repository |
| `GONGKAI_SECRET_KEY` | a development key (set it in any real deployment) |
| `GONGKAI_DEBUG` | `false` |
| `GONGKAI_ALLOWED_HOSTS` | `127.0.0.1,localhost,[::1]` |
| `GONGKAI_MEDIA_ROOT` | `var/media` in the repository (attachments) |
| `GONGKAI_DB_CONN_MAX_AGE` | `60` seconds (persistent PostgreSQL connections) |
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = REPO_DIR / "var"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """Return the variable, or `default` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return a yes/no variable; raise ImproperlyConfigured for anything else."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of true/false/1/0/yes/no")


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a comma-separated list")
    return items


def env_int(name: str, default: int) -> int:
    """Return an integer variable; raise ImproperlyConfigured for anything else."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected an integer") from None


def env_database(name: str) -> dict[str, object]:
    """Return the database named by the URL variable (default: the embedded SQLite)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        VAR_DIR.mkdir(exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "gongkai.sqlite3"),
            "OPTIONS": {"timeout": 20},
            "TEST": {"NAME": None},
        }
    try:
        config: dict[str, object] = dict(
            dj_database_url.parse(
                raw, conn_max_age=env_int("GONGKAI_DB_CONN_MAX_AGE", 60)
            )
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from exc
    engine = str(config.get("ENGINE", ""))
    if not engine.endswith(("sqlite3", "postgresql")):
        raise ImproperlyConfigured(
            f"{name}={raw.split('@')[-1]!r}: expected postgres://… or sqlite:///…"
        )
    return config


DEBUG = env_bool("GONGKAI_DEBUG", False)
SECRET_KEY = env_str(
    "GONGKAI_SECRET_KEY",
    "dev-only-gongkai-secret-key-change-me-in-any-deployment-0123456789",
)
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gongkai_web.agencies",
    "gongkai_web.applications",
    "gongkai_web.audit",
    "gongkai_web.catalog",
    "gongkai_web.litigation",
    "gongkai_web.annual",
    "gongkai_web.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "gongkai_web.language.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai_web.urls"
WSGI_APPLICATION = "gongkai_web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
MEDIA_ROOT = Path(env_str("GONGKAI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Attachments are served only through a view that checks the agency; no MEDIA_URL.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
