"""`agency create|add-user|list` through the `gongkai` command line."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gongkai_cli import main
from gongkai_web.agencies.models import Agency, Membership


@pytest.mark.django_db
def test_agency_create_and_add_user(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agency", "create", "--code", "tax", "--name", "示范市税务局"]) == 0
    assert Agency.objects.get(code="tax").name == "示范市税务局"
    assert (
        main(
            [
                "agency",
                "add-user",
                "--code",
                "tax",
                "--username",
                "li",
                "--role",
                "handler",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert (
        "created agency tax" in out
        and "li: 承办人员 @ tax" in out
        and "password: " in out
    )
    password = out.split("password: ")[1].strip()
    assert get_user_model().objects.get(username="li").check_password(password)
    assert Membership.objects.get().role == "handler"
    assert (
        main(["agency", "create", "--code", "tax", "--name", "示范市税务局（新）"]) == 0
    )
    assert Agency.objects.get(code="tax").name == "示范市税务局（新）"


@pytest.mark.django_db
def test_agency_create_refuses_a_bad_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agency", "create", "--code", "Bad Code", "--name", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: agency 'Bad Code': code:") and "Traceback" not in err
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_add_user_to_a_missing_agency_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(
            [
                "agency",
                "add-user",
                "--code",
                "nope",
                "--username",
                "x",
                "--role",
                "auditor",
            ]
        )
        == 2
    )
    assert "no agency with code 'nope'" in capsys.readouterr().err
