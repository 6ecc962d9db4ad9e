"""Fast by default: production keeps database connections, and SQLite is tuned for a web server."""

import json

import pytest

from tests.production import production_env, run_python

pytestmark = pytest.mark.integration

SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.DATABASES["default"]["CONN_MAX_AGE"]))
"""

PRAGMAS = """
import json, django
from django.db import connection
django.setup()
with connection.cursor() as cursor:
    pragmas = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "synchronous")
    }
print(json.dumps({**pragmas, "transaction_mode": connection.transaction_mode}))
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


@pytest.mark.parametrize("env", [{}, DEBUG], ids=["production", "debug"])
def test_a_sqlite_file_runs_in_wal_mode_and_waits_for_locks(env, tmp_path):
    pragmas = run(PRAGMAS, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **env)

    # synchronous 1 is NORMAL; busy_timeout is the 20 s `timeout`, in milliseconds.
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "synchronous": 1,
        "transaction_mode": "IMMEDIATE",
    }
