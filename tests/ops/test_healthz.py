"""GET /healthz answers 200 when the database answers, 503 (JSON, no stack trace) when it does not."""

import json

import pytest

from tests.production import HOST, held_port, manage, production_env, run_python

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_it_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


# Requests made in a production process whose database is a PostgreSQL port where nothing listens.
DOWN_DATABASE_REQUESTS = f"""
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="{HOST}")
results = {{}}
for url in ["/healthz", "/", "/plans/"]:
    response = client.get(url, secure=True)
    results[url] = {{"status": response.status_code, "body": response.content.decode(),
                    "headers": dict(response.headers)}}
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def down_database_responses(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    with held_port() as nothing_listens:
        env = production_env(
            DATABASE_URL=f"postgres://nobody@127.0.0.1:{nothing_listens.getsockname()[1]}/nothing",
            DJANGO_STATIC_ROOT=str(static_root),
            DJANGO_LOG_LEVEL="CRITICAL",
        )
        # 503.html links the stylesheet by its hashed name, which needs collected static files.
        assert manage("collectstatic", "--noinput", "-v0", env=env).returncode == 0
        result = run_python(DOWN_DATABASE_REQUESTS, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_it_answers_503_when_the_database_is_down(down_database_responses):
    response = down_database_responses["/healthz"]

    assert response["status"] == 503
    assert json.loads(response["body"]) == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


@pytest.mark.parametrize("url", ["/", "/plans/"])
def test_public_pages_answer_503_with_a_plain_page_when_the_database_is_down(down_database_responses, url):
    response = down_database_responses[url]

    assert response["status"] == 503
    assert "Temporarily unavailable" in response["body"]
    assert "Traceback" not in response["body"]
    assert "OperationalError" not in response["body"]
    assert "127.0.0.1" not in response["body"]
    assert response["headers"]["Retry-After"] == "30"
    assert response["headers"]["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["headers"]["Content-Security-Policy"]
