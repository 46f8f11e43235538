"""A database that is full or cannot be reached (security review F19): a 503 page
that says nothing was saved, never a bare "Server Error (500)". (Read-only and locked:
test_accounts.py, test_concurrency.py.) Real SQLite conditions, no mock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application

Login = Callable[[Any], Client]

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="SQLite pragmas and file paths"
)


def register(client: Client, agency: Agency) -> Any:
    return client.post(
        f"/a/{agency.code}/cases/new/",
        {
            "channel": "in_person",
            "received": "2024-06-03",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "content": "申请公开的内容。" * 2000,  # new pages: the file must grow
        },
    )


@pytest.fixture
def full_disk() -> Iterator[None]:
    """The database may not grow past its present size, as on a full disk."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count = 1073741823")


def test_a_full_disk_is_a_friendly_503(
    agency: Agency, registrar: Any, login: Login, full_disk: None
) -> None:
    client = login(registrar)
    client.raise_request_exception = False
    response = register(client, agency)
    assert response.status_code == 503, response.status_code
    text = response.content.decode()
    assert "服务器磁盘已满" in text and "没有保存" in text
    assert "Server Error" not in text and response.headers["Retry-After"]
    assert not Application.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_database_that_cannot_be_opened_is_a_friendly_503(
    agency: Agency, registrar: Any, login: Login, tmp_path: Any
) -> None:
    client = login(registrar)
    client.raise_request_exception = False
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = str(tmp_path / "gone" / "db.sqlite3")
    try:
        response = client.get(f"/a/{agency.code}/cases/")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
    assert response.status_code == 503
    text = response.content.decode()
    assert "数据库暂时无法连接" in text and "Server Error" not in text
