"""Fast by default: production keeps database connections."""

import json

import pytest

from .production import production_env, run_python

pytestmark = pytest.mark.integration

SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.DATABASES["default"]["CONN_MAX_AGE"]))
"""

DEBUG = {"DJANGO_DEBUG": "True", "DJANGO_SECRET_KEY": None, "DJANGO_ALLOWED_HOSTS": None}


def run(code, **env):
    result = run_python(code, env=production_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "conn_max_age"),
    [
        ({}, 600),
        ({"DJANGO_CONN_MAX_AGE": "60"}, 60),
        ({"DJANGO_CONN_MAX_AGE": "0"}, 0),
        (DEBUG, 0),
        ({**DEBUG, "DJANGO_CONN_MAX_AGE": "60"}, 60),
    ],
    ids=["production", "production-set", "production-off", "debug", "debug-set"],
)
def test_it_keeps_connections_in_production_unless_told_otherwise(env, conn_max_age):
    assert run(SETTINGS, **env) == conn_max_age
