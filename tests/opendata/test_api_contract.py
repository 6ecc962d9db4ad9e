"""The API keeps the contract of its own OpenAPI document, checked by schemathesis (offline, in-process).

Schemathesis reads /api/v1/openapi.json from the WSGI app, generates requests for every operation
(valid ones, and invalid ones that must be refused with a 4xx) and checks each answer: no server
error, a documented status code and content type, a body that matches the response schema.

The write endpoint is called with a valid token on an objective of its owner, so that its bodies
reach the validation and the database (schemathesis also checks that it refuses calls without one).
It is spared one check, "schema-valid data is accepted": whether a value or a progress may be
posted depends on the objective (measured or not), which no schema of the body can say.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from goals.models import ApiToken, Objective
from goals.opendata.tokens import TokenRateThrottle
from tests.open_data import make_bait, make_public_plan

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


# Reading the document needs no database: it is generated from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# A NUL anywhere in a URL is refused with a 400 before any view runs (strategy_site/middleware.py,
# tested in tests/ops/test_nul_in_requests.py): it is the site's answer, not this API's contract.
schema.config.generation.update(allow_x00=False)


@pytest.fixture
def sample_data(db):
    make_bait()
    make_public_plan(2, slug="sample")
    objective = Objective.objects.select_related("goal__plan").filter(goal__plan__slug="sample").first()
    _, token = ApiToken.issue(owner=objective.owners.get(), name="contract test")
    writer = {
        "headers": {"Authorization": f"Bearer {token}"},
        "path_parameters": {
            "plan_slug": objective.goal.plan.slug,
            "goal_slug": objective.goal.slug,
            "objective_slug": objective.slug,
        },
    }
    # Like Django's test client: the real WSGI handler would close the test's database connection
    # at the end of each request, and with it the transaction that holds this data.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield writer
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_as_its_openapi_document_says(case, sample_data, monkeypatch):
    if case.operation.method.upper() == "POST":
        # Hypothesis tries far more than 60 bodies a minute: lift the limit (tested on its own).
        monkeypatch.setattr(TokenRateThrottle, "allow_request", lambda self, request: True)
        case.path_parameters = sample_data["path_parameters"]
        case.call_and_validate(headers=sample_data["headers"], excluded_checks=[positive_data_acceptance])
    else:
        case.call_and_validate()
