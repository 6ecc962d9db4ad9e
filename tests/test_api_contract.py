"""The API keeps the contract of its own OpenAPI document, checked by schemathesis (offline, in-process).

Schemathesis reads /api/v1/openapi.json from the WSGI app, generates requests for every operation
(valid ones, and invalid ones that must be refused with a 4xx) and checks each answer: no server
error, a documented status code and content type, a body that matches the response schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tests.open_data import make_bait, make_public_plan

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


# Reading the document needs no database: it is generated from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def sample_data(db):
    make_bait()
    make_public_plan(2, slug="sample")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_as_its_openapi_document_says(case, sample_data):
    case.call_and_validate()
