"""API fixtures: tokens issued through the service, as `gongkai token create` does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai_web.agencies.models import Agency
from gongkai_web.api import tokens

APPLICATION = {
    "applicant_type": "natural_person",
    "applicant_name": "李四",
    "id_document": "110101199003071234",
    "phone": "13912345678",
    "email": "lisi@example.com",
    "address": "示范市解放路8号",
    "content": "2023年本市老旧小区改造项目的名单及资金安排",
    "requested_form": "electronic",
    "delivery": "email",
}


@pytest.fixture
def token_for() -> Callable[..., str]:
    def issue(agency: Agency, *scopes: str) -> str:
        return tokens.create(agency, "省政务服务网", scopes).secret

    return issue


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
