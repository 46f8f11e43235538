"""Fixtures of the back-office tests: personas, factories, frozen time.

Personas (STYLE.md §10): `registrar`, `handler`, `approver`, `auditor`, `agency_admin`
of the agency `agency`, `outsider`, a handler of `other_agency`, and `sysadmin`, the
system administrator of the installation. `login(user)`
returns a Django test client logged in as that user. Time is frozen at
Monday 2024-06-03 10:00 Asia/Shanghai for every test except browser tests.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import django
import pytest
import time_machine

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings")
django.setup()

from django.conf import settings as django_settings  # noqa: E402

# The live server's threads must not keep a connection open past a request (the test
# database could not be dropped). Set in place: pytest-django may have loaded settings.
django_settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
# The SQLite test database is a file, not memory, so that the Celery worker processes
# of tests/gongkai_web/jobs see the rows the tests write (no slower, measured).
if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _test_dir = tempfile.mkdtemp(prefix="gongkai-test-db-")
    atexit.register(shutil.rmtree, _test_dir, ignore_errors=True)
    django_settings.DATABASES["default"]["TEST"]["NAME"] = str(
        Path(_test_dir) / "test.sqlite3"
    )

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from gongkai.vocabulary import ApplicantType, Channel  # noqa: E402
from gongkai_web.agencies.models import Agency, Membership, Role  # noqa: E402
from gongkai_web.applications import services  # noqa: E402
from gongkai_web.applications.models import Application  # noqa: E402

NOW = datetime(2024, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def frozen_time(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def test_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # No collectstatic before the tests: plain (unhashed) static file names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Mailed letters as DOCX only: a PDF takes LibreOffice a second or more, after
    # every reply to an applicant with an address. tests/gongkai_web/outbox/
    # test_letter_pdf.py and the browser test of notices turn it on.
    settings.GONGKAI_MAIL_LETTER_PDF = False


def make_agency(code: str, name: str | None = None) -> Agency:
    return Agency.objects.create(
        code=code,
        name=name or f"{code} 人民政府办公室",
        reconsideration_body=f"{code} 人民政府",
        court=f"{code} 人民法院",
    )


def make_user(username: str, agency: Agency, *roles: Role) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def agency(db: None) -> Agency:
    return make_agency("city", "示范市人民政府办公室")


@pytest.fixture
def other_agency(db: None) -> Agency:
    return make_agency("county", "示范县人民政府办公室")


@pytest.fixture
def registrar(agency: Agency) -> Any:
    return make_user("registrar", agency, Role.REGISTRAR)


@pytest.fixture
def handler(agency: Agency) -> Any:
    return make_user("handler", agency, Role.HANDLER)


@pytest.fixture
def approver(agency: Agency) -> Any:
    return make_user("approver", agency, Role.APPROVER)


@pytest.fixture
def auditor(agency: Agency) -> Any:
    return make_user("auditor", agency, Role.AUDITOR)


@pytest.fixture
def agency_admin(agency: Agency) -> Any:
    return make_user("admin", agency, Role.AGENCY_ADMIN)


@pytest.fixture
def sysadmin(db: None) -> Any:
    """The system administrator of the installation, in no agency."""
    return get_user_model().objects.create_user(
        username="sysadmin", password=PASSWORD, is_superuser=True
    )


@pytest.fixture
def outsider(other_agency: Agency) -> Any:
    return make_user(
        "outsider", other_agency, Role.HANDLER, Role.REGISTRAR, Role.AGENCY_ADMIN
    )


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def logged_in(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return logged_in


def make_application(
    agency: Agency,
    user: Any,
    *,
    received: date = date(2024, 5, 20),
    applicant_type: ApplicantType = ApplicantType.NATURAL_PERSON,
    channel: Channel = Channel.IN_PERSON,
    **overrides: Any,
) -> Application:
    """Register an application through the service (keyword overrides for any field)."""
    fields: dict[str, Any] = {
        "applicant_name": "张三",
        "content": "某小区改造项目的立项批复",
        "id_document": "110101199001011234",
        "phone": "13812345678",
        "email": "zhang@example.com",
        "address": "示范市示范路1号",
        **overrides,
    }
    new = services.NewApplication(
        channel=channel, received=received, applicant_type=applicant_type, **fields
    )
    return services.register(agency, user, new)
