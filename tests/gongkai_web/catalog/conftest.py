"""Catalog fixtures: a confidentiality reviewer granted in the agency, item factories."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from gongkai.proactive import CatalogRole, Category
from gongkai_web.agencies.models import Agency
from gongkai_web.catalog import services
from gongkai_web.catalog.models import CatalogItem, CatalogRoleGrant
from tests.gongkai_web.conftest import PASSWORD


@pytest.fixture
def reviewer(agency: Agency) -> Any:
    """A 保密审查员 of another office: no agency role, a granted catalog role."""
    user = get_user_model().objects.create_user(username="secrecy", password=PASSWORD)
    CatalogRoleGrant.objects.create(
        user=user, agency=agency, role=CatalogRole.CONFIDENTIALITY_REVIEWER
    )
    return user


def item_data(**overrides: Any) -> services.ItemData:
    fields: dict[str, Any] = {
        "index_no": "000000-2024-00001",
        "title": "关于印发示范市人民防空工程管理办法的通知",
        "category": Category.NORMATIVE_DOCUMENT,
        "issuing_body": "示范市人民政府办公室",
        "made_on": date(2024, 5, 6),
        "formed_or_changed_on": date(2024, 5, 6),
        "document_no": "示政办〔2024〕3号",
        "summary": "规定人防工程的平时使用、维护管理和监督检查。",
        **overrides,
    }
    return services.ItemData(**fields)


def make_item(agency: Agency, editor: Any, **overrides: Any) -> CatalogItem:
    return services.create_item(agency, editor, item_data(**overrides))
