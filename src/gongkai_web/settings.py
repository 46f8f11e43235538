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
| `GONGKAI_HTTPS` | `false`; `true` behind a TLS proxy: secure cookies, HSTS, redirect to https |
| `GONGKAI_HSTS_SECONDS` | `31536000` (one year; only with `GONGKAI_HTTPS=true`) |
| `GONGKAI_CSRF_TRUSTED_ORIGINS` | none (`https://host` list, when the proxy rewrites Host) |
| `GONGKAI_TRUSTED_PROXIES` | none; e.g. `127.0.0.1` behind a local nginx (client address from X-Forwarded-For) |
| `GONGKAI_API_READS_PER_MINUTE` | `120`: API reads a minute per client address (per token with a token); then 429 |
| `GONGKAI_STATIC_ROOT` | `var/static` in the repository (`collectstatic`, by `gongkai serve`) |
| `GONGKAI_S3_BUCKET` | unset: files on disk; set: files in that S3-compatible bucket |
| `GONGKAI_S3_ENDPOINT_URL`, `GONGKAI_S3_REGION` | AWS; e.g. `http://minio:9000`, `us-east-1` |
| `GONGKAI_S3_ACCESS_KEY`, `GONGKAI_S3_SECRET_KEY` | boto3's own lookup (env, instance role) |
| `GONGKAI_EMAIL_HOST`, `GONGKAI_EMAIL_PORT` | unset: mail printed on the console; set: SMTP (port `25`) |
| `GONGKAI_EMAIL_USER`, `GONGKAI_EMAIL_PASSWORD` | none (SMTP login) |
| `GONGKAI_EMAIL_FROM` | `gongkai@localhost` (sender of notices; its domain ends the Message-ID) |
| `GONGKAI_EMAIL_TLS` | `false`; `starttls` or `ssl` |
| `GONGKAI_SMS_BACKEND` | unset: no SMS; `log`; `aliyun` (with `GONGKAI_SMS_ALIYUN_*`, docs/notifications.md) |
| `GONGKAI_SITE_URL` | none; e.g. `https://gk.example.gov.cn` (links in notices) |
| `GONGKAI_MAIL_LETTER_PDF` | `true`: a mailed letter goes as PDF and DOCX; `false`: DOCX only |
| `GONGKAI_LOG_LEVEL` | `INFO` (JSON lines on stdout: one per request, task, warning) |
| `GONGKAI_BROKER_URL` | unset: background jobs run in-process; `redis://…`: on Celery workers |
| `GONGKAI_JOB_RETRY_SECONDS` | `30`: first retry delay of a failed job (doubles each time) |
| `GONGKAI_SESSION_IDLE_MINUTES` | `30`: a session unused this long ends (login again) |

Production mode (`gongkai serve` on a non-loopback address, `GONGKAI_HTTPS=true`, or an
allowed host other than loopback) refuses to start with the development secret key;
`python -m django check --deploy` flags that key too (its `django-insecure-` prefix).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
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


# Several gunicorn workers write one SQLite file: WAL lets readers go on during a write,
# IMMEDIATE takes the write lock when a transaction starts (a read-then-write
# transaction can no longer deadlock and fail at once with "database is locked"), and
# a writer waits up to `timeout` seconds for the lock instead of failing.
SQLITE_OPTIONS: dict[str, object] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def env_database(name: str) -> dict[str, object]:
    """Return the database named by the URL variable (default: the embedded SQLite)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        VAR_DIR.mkdir(exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "gongkai.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
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
    if engine.endswith("sqlite3"):
        config["OPTIONS"] = SQLITE_OPTIONS
        config["CONN_MAX_AGE"] = 0
    return config


DEBUG = env_bool("GONGKAI_DEBUG", False)
# Public (it is in the repository): the `django-insecure-` prefix makes
# `check --deploy` flag it, and `gongkai serve` refuses it in production mode.
DEVELOPMENT_SECRET_KEY = (
    "django-insecure-gongkai-development-key-public-in-the-repository-0123456789"
)
SECRET_KEY = env_str("GONGKAI_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # its bundled Swagger UI static files: the API docs need no CDN
    "axes",
    "csp",
    "gongkai_web.agencies",
    "gongkai_web.jobs",
    "gongkai_web.applications",
    "gongkai_web.audit",
    "gongkai_web.accounts",
    "gongkai_web.outbox",
    "gongkai_web.notifications",
    "gongkai_web.catalog",
    "gongkai_web.litigation",
    "gongkai_web.annual",
    "gongkai_web.portal",
    "gongkai_web.supervision",
    "gongkai_web.operations",
    "gongkai_web.demo",
    "gongkai_web.api",
]

MIDDLEWARE = [
    "gongkai_web.operations.proxy.ProxyClientMiddleware",
    "gongkai_web.operations.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai_web.errors.NoStoreMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "gongkai_web.language.QueryLanguageMiddleware",
    "gongkai_web.errors.DatabaseTroubleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai_web.audit.roles.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
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

# Every path that sets a password uses these: the admin, `createsuperuser`,
# `changepassword` and `gongkai agency add-user --password`.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): 10 wrong passwords in a row lock the account for 30
# minutes; during the lock even the right password is refused, with a page that says so.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai_web.agencies.lockout.locked_out"
AXES_VERBOSE = False
# Locked per account, not per address: an office behind one NAT address is not locked
# out by one colleague's typing, and rotating addresses does not reset an account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
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
# The project's own scripts and styles (no CDN): src/gongkai_web/static/gongkai/.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env_str("GONGKAI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Case files are served only through views that check the agency and role; no
# MEDIA_URL. Where they are stored (disk or bucket): STORAGES below.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Idle timeout: every request renews the session; one unused this long has ended.
SESSION_COOKIE_AGE = env_int("GONGKAI_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): the pages' own scripts carry a nonce; inline
# style blocks are the site's stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


# --- Serving, storage and logs (issue 9: production serving, storage, operations) ---
# Kept in one block; the Celery settings live in their own block.

HTTPS = env_bool("GONGKAI_HTTPS", False)
if HTTPS:
    # Behind nginx (deploy/nginx/gongkai.conf), which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", [])
# Proxies (addresses or networks) whose X-Forwarded-For names the client.
TRUSTED_PROXIES = env_list("GONGKAI_TRUSTED_PROXIES", [])
API_READS_PER_MINUTE = env_int("GONGKAI_API_READS_PER_MINUTE", 120)

STATIC_ROOT = Path(env_str("GONGKAI_STATIC_ROOT", str(VAR_DIR / "static")))
# Hashed names, gzip/brotli copies and far-future Cache-Control, served by WhiteNoise.
STATICFILES_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def env_storage() -> dict[str, object]:
    """Return the default file storage: a bucket when GONGKAI_S3_BUCKET is set, else disk.

    Raises:
        ImproperlyConfigured: a bucket is named but django-storages is not installed.
    """
    bucket = os.environ.get("GONGKAI_S3_BUCKET", "").strip()
    if not bucket:
        # Under MEDIA_ROOT (GONGKAI_MEDIA_ROOT), read when a file is stored.
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    try:
        import storages  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            f"GONGKAI_S3_BUCKET={bucket!r}: install the S3 extra "
            "(pip install 'gongkai[s3]')"
        ) from None
    options: dict[str, object] = {
        "bucket_name": bucket,
        "region_name": env_str("GONGKAI_S3_REGION", "") or None,
        "endpoint_url": env_str("GONGKAI_S3_ENDPOINT_URL", "") or None,
        "access_key": env_str("GONGKAI_S3_ACCESS_KEY", "") or None,
        "secret_key": env_str("GONGKAI_S3_SECRET_KEY", "") or None,
        # Private objects; nothing is linked to the bucket directly.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": env_storage(),
    "staticfiles": {"BACKEND": STATICFILES_BACKEND},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "gongkai_web.operations.logs.JsonLinesFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        # One line per request (operations.requestlog) and per task run.
        "gongkai": {
            "handlers": ["stdout"],
            "level": env_str("GONGKAI_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django.request": {"level": "ERROR"},
    },
}


# --- Background jobs (gongkai_web.jobs; issue 9) -------------------------------------
# Without a broker, jobs run in the process that enqueues them; with one, on Celery
# workers (`gongkai worker`) and beat (`gongkai beat`). Job state lives in the database
# (`jobs.Job`), so Celery keeps no results.


def env_broker(name: str) -> str:
    """Return the broker URL (redis:// or rediss://), or "" when unset."""
    raw = os.environ.get(name, "").strip()
    if raw and not raw.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(
            f"{name}={raw.split('@')[-1]!r}: expected redis://HOST:PORT/DB"
        )
    return raw


GONGKAI_BROKER_URL = env_broker("GONGKAI_BROKER_URL")
GONGKAI_JOB_RETRY_SECONDS = env_int("GONGKAI_JOB_RETRY_SECONDS", 30)
GONGKAI_JOB_KEEP_DAYS = env_int("GONGKAI_JOB_KEEP_DAYS", 90)
CELERY_BROKER_URL = GONGKAI_BROKER_URL or "memory://"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ACKS_LATE = True  # a job whose worker dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Progress of running jobs, seen by every node when a broker is configured.
    "jobs": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GONGKAI_BROKER_URL,
        }
        if GONGKAI_BROKER_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gongkai-jobs",
        }
    ),
}


# --- Notifications (gongkai_web.outbox, gongkai_web.notifications; issue 11) -------


def env_email_tls(name: str) -> tuple[bool, bool]:
    """Return (use STARTTLS, use SSL) from `false`, `starttls` or `ssl`."""
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "false", "no", "0"):
        return False, False
    if raw in ("starttls", "true", "yes", "1"):
        return True, False
    if raw == "ssl":
        return False, True
    raise ImproperlyConfigured(f"{name}={raw!r}: expected false, starttls or ssl")


EMAIL_HOST = env_str("GONGKAI_EMAIL_HOST", "")
EMAIL_PORT = env_int("GONGKAI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS, EMAIL_USE_SSL = env_email_tls("GONGKAI_EMAIL_TLS")
EMAIL_TIMEOUT = 20
# Without a mail server, `make run` prints each mail in its output.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("GONGKAI_EMAIL_FROM", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
GONGKAI_SMS_BACKEND = env_str("GONGKAI_SMS_BACKEND", "")
GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID = env_str("GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID", "")
GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET = env_str(
    "GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET", ""
)
GONGKAI_SMS_ALIYUN_SIGN_NAME = env_str("GONGKAI_SMS_ALIYUN_SIGN_NAME", "")
GONGKAI_SMS_ALIYUN_TEMPLATE = env_str("GONGKAI_SMS_ALIYUN_TEMPLATE", "")
GONGKAI_SITE_URL = env_str("GONGKAI_SITE_URL", "").rstrip("/")
# A letter mailed to the applicant goes as PDF (made by LibreOffice after the commit,
# docs/notifications.md) as well as DOCX; false: DOCX only.
GONGKAI_MAIL_LETTER_PDF = env_bool("GONGKAI_MAIL_LETTER_PDF", True)
