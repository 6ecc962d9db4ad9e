"""A command's stdout is only its result (`export_plan SLUG > plan.md` is the plan); logs go to stderr."""

import json
import re

import pytest

from tests.production import manage, production_env, run_python

pytestmark = pytest.mark.integration

SLUG = "strategy-and-goals"  # the 2i2c plan that bootstrap_site imports

# Something logs while the command runs, as django-axes' start-up banner does.
LOG_DURING_A_COMMAND = """
import logging, django
django.setup()
logging.getLogger("goals").warning("a log line, not output")
print("the output")
"""
# The text format of DEBUG: "%(asctime)s %(levelname)s %(name)s %(message)s".
TEXT_LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ \S+ ")


def site_env(debug, database):
    if debug:
        return production_env(
            DJANGO_DEBUG="True",
            DJANGO_SECRET_KEY=None,
            DJANGO_ALLOWED_HOSTS=None,
            DATABASE_URL=f"sqlite:///{database}",
        )
    return production_env(DATABASE_URL=f"sqlite:///{database}")


@pytest.fixture(scope="module", params=[True, False], ids=["debug", "production"])
def env(request, tmp_path_factory):
    env = site_env(request.param, tmp_path_factory.mktemp("db") / "db.sqlite3")
    for command in (["migrate", "--noinput", "-v0"], ["bootstrap_site"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    return env


def assert_only_logs(stderr, env):
    """Whatever is on stderr is log lines in the configured format."""
    for line in stderr.splitlines():
        if env["DJANGO_DEBUG"] == "False":
            assert json.loads(line)["logger"], line
        else:
            assert TEXT_LOG_LINE.match(line), line


def test_export_plan_writes_only_the_markdown_to_stdout(env, tmp_path):
    to_file = manage("export_plan", SLUG, "-o", str(tmp_path / "plan.md"), env=env)
    assert to_file.returncode == 0, to_file.stderr

    result = manage("export_plan", SLUG, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Strategy and goals\n")
    assert result.stdout == (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert_only_logs(result.stderr, env)


def test_dumpdata_writes_only_the_json_to_stdout(env, tmp_path):
    to_file = manage("dumpdata", "goals.plan", "-o", str(tmp_path / "plan.json"), env=env)
    assert to_file.returncode == 0, to_file.stderr

    result = manage("dumpdata", "goals.plan", env=env)

    assert result.returncode == 0, result.stderr
    assert [row["fields"]["slug"] for row in json.loads(result.stdout)] == [SLUG]
    assert result.stdout == (tmp_path / "plan.json").read_text(encoding="utf-8")
    assert_only_logs(result.stderr, env)


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_a_log_line_goes_to_stderr_not_stdout(debug, tmp_path):
    env = site_env(debug, tmp_path / "db.sqlite3")

    result = run_python(LOG_DURING_A_COMMAND, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "the output\n"
    assert "a log line, not output" in result.stderr


def test_send_reminders_dry_run_writes_only_who_would_get_what_to_stdout(env):
    result = manage("send_reminders", "--dry-run", "--digest", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Check-in reminders: would send 0; Weekly board digest: would send 0.\n"
    assert_only_logs(result.stderr, env)


def test_send_reminders_in_production_needs_an_email_server_and_the_sites_address(env):
    result = manage("send_reminders", env={**env, "EMAIL_URL": "", "STRATEGY_SITE_URL": ""})

    if env["DJANGO_DEBUG"] == "True":  # `make run`: the console backend, nothing leaves the machine
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1
        assert (
            "Set EMAIL_URL and STRATEGY_SITE_URL before sending e-mail with DJANGO_DEBUG=False"
            in result.stderr
        )
        assert result.stdout == ""
