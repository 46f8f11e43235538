"""schemathesis against the live OpenAPI document, fetched over HTTP from a live
server: every operation, positive and negative cases, with a token that holds every
scope. Checks (schemathesis' defaults): no 500, status codes, headers and bodies as
the document declares them, content types, for valid and invalid requests alike.
Not checked: that every schema-valid body is accepted (the form's cross-field rules,
a phone or an e-mail, an address for post, and the throttle refuse some with 422 and
429), and that every invalid request is refused (unknown query parameters are ignored,
as HTTP APIs do, and the token header is always sent).

The operations are walked here rather than through schemathesis' pytest plugin, whose
lazy fixture loader does not run under pytest 9.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from gongkai_web.agencies.models import Agency
from gongkai_web.api import tokens
from gongkai_web.api.models import Scope
from gongkai_web.demo.annual import DEMO_GUIDE
from gongkai_web.portal.services import save_guide

EXAMPLES = 12  # per operation and mode; measured ~1 min for the whole document


@pytest.fixture
def django_settings(settings: Any) -> Any:
    return settings  # pytest-django's; `settings` here is hypothesis'


def test_api_conforms_to_its_document(
    transactional_db: None, live_server: Any, django_settings: Any
) -> None:
    # Every request comes from one address in one frozen minute: lift the read limit
    # so that the cases reach the endpoints (429 is in the document all the same).
    django_settings.API_READS_PER_MINUTE = 1_000_000
    agency = Agency.objects.create(code="fuzz", name="模糊测试机关")
    save_guide(agency, None, DEMO_GUIDE)
    secret = tokens.create(agency, "schemathesis", Scope.values).secret
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    checked: list[tuple[str, GenerationMode]] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def check(case: Any) -> None:
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {secret}"},
                    excluded_checks=[positive_data_acceptance, negative_data_rejection],
                )

            try:
                check()
            except Unsatisfiable:
                # Nothing to violate (e.g. one free-text path parameter).
                assert mode == GenerationMode.NEGATIVE, operation.label
                continue
            checked.append((operation.label, mode))
    # the negative cases reached the operations that have constraints
    assert ("GET /api/v1/agencies/", GenerationMode.NEGATIVE) in checked
    assert ("POST /api/v1/applications", GenerationMode.NEGATIVE) in checked
