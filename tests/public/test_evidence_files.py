"""Evidence files: a refused internal file and a file that does not exist answer the same way.

Upload paths are easy to guess (evidence/<year>/<month>/<name>), so if a refused internal file took
longer than a missing one (another query, a file opened), anyone could probe which internal
documents exist. Both must make the same queries, open nothing and give the same bytes and headers.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.db.models.fields.files import FieldFile
from django.test.utils import CaptureQueriesContext

from goals.models import Evidence
from tests.factories import EvidenceFactory

pytestmark = [pytest.mark.integration]

# Headers that differ between any two responses whatever they answer.
PER_RESPONSE = {"Date"}


@pytest.fixture
def internal_file(world):
    return EvidenceFactory(
        objective=world["objective"], kind=Evidence.Kind.DOCUMENT, visibility=Evidence.Visibility.INTERNAL,
        file=ContentFile(b"PK internal budget", name="budget.xlsx"),
    )  # fmt: skip


def answer(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    headers = {name: value for name, value in response.items() if name not in PER_RESPONSE}
    # django-csp writes the same directives in no fixed order.
    headers["Content-Security-Policy"] = sorted(headers["Content-Security-Policy"].split("; "))
    return response.status_code, response.content, headers, len(queries)


@pytest.fixture
def no_file_opens(monkeypatch):
    def refuse(self, mode="rb"):
        raise AssertionError(f"opened {self.name} for a refused request")

    monkeypatch.setattr(FieldFile, "open", refuse)


@pytest.mark.parametrize("who", ["anonymous", "owner_user"])  # Alice does not own Bob's objective
def test_a_refused_internal_file_answers_as_a_missing_one(client, world, internal_file, no_file_opens, who):
    if who != "anonymous":
        client.force_login(world[who])
    missing_url = internal_file.file.url.replace("budget.xlsx", "nothing-here.xlsx")

    refused = answer(client, internal_file.file.url)
    missing = answer(client, missing_url)

    assert refused[0] == 404
    assert b"PK internal budget" not in refused[1]
    assert refused[:3] == missing[:3]
    # Signed in, the rule itself asks one more question of an existing file (does Alice own its
    # objective?); a visitor who is not signed in gets exactly the same work done.
    if who == "anonymous":
        assert refused[3] == missing[3] == 1


def test_a_reviewer_still_gets_the_internal_file(client, world, internal_file):
    client.force_login(world["board"])

    response = client.get(internal_file.file.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK internal budget"
    assert response["Cache-Control"] == "private, no-store"
    # Close the file as the test client does, without closing the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
