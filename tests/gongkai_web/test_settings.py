"""Settings helpers: a malformed environment variable names itself, never a default."""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai_web.settings import env_bool, env_database, env_list


def test_env_bool_refuses_anything_but_yes_or_no(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GONGKAI_DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_DEBUG='perhaps'"):
        env_bool("GONGKAI_DEBUG", False)
    monkeypatch.setenv("GONGKAI_DEBUG", "Yes")
    assert env_bool("GONGKAI_DEBUG", False) is True


def test_env_list_refuses_an_empty_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_ALLOWED_HOSTS", " , ")
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_ALLOWED_HOSTS"):
        env_list("GONGKAI_ALLOWED_HOSTS", [])


def test_database_url_default_is_the_embedded_sqlite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TEST_DB_URL", raising=False)
    config = env_database("TEST_DB_URL")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert str(config["NAME"]).endswith("var/gongkai.sqlite3")


def test_database_url_names_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_DB_URL", "postgres://ogi:secret@127.0.0.1:5433/ogi")
    config = env_database("TEST_DB_URL")
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "127.0.0.1",
        5433,
        "ogi",
    )


@pytest.mark.parametrize("url", ["nonsense", "mysql://u@h/db"])
def test_database_url_refuses_other_databases(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("TEST_DB_URL", url)
    with pytest.raises(ImproperlyConfigured, match="TEST_DB_URL"):
        env_database("TEST_DB_URL")


@pytest.mark.django_db
def test_tests_run_on_the_database_named_by_database_url() -> None:
    from django.db import connection

    expected = (
        "postgresql"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "sqlite"
    )
    assert connection.vendor == expected


def test_broker_url_must_be_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai_web.settings import env_broker

    monkeypatch.setenv("TEST_BROKER", "amqp://guest:secret@mq:5672//")
    with pytest.raises(ImproperlyConfigured, match="TEST_BROKER='mq:5672//'"):
        env_broker("TEST_BROKER")
    monkeypatch.setenv("TEST_BROKER", "redis://127.0.0.1:6379/0")
    assert env_broker("TEST_BROKER") == "redis://127.0.0.1:6379/0"
    monkeypatch.delenv("TEST_BROKER")
    assert env_broker("TEST_BROKER") == ""
