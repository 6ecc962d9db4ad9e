"""The Procfile, the Dockerfile and its build context agree, and the image would hold a working site.

No Docker engine here, so the build is checked by what can be checked without one: the command, the
files the build context lets through, and that those files alone collect static files and load the app.
"""

import fnmatch
import json
import shlex
import shutil

import pytest
from django.core.management import load_command_class

from tests.production import ROOT, manage, production_env, run_python

pytestmark = pytest.mark.integration


def dockerfile_instructions():
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def procfile():
    return dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())


def test_the_image_runs_the_procfiles_web_command():
    cmd = next(line for line in dockerfile_instructions() if line.startswith("CMD "))

    assert json.loads(cmd.removeprefix("CMD ")) == shlex.split(procfile()["web"])
    assert procfile()["release"] == "python manage.py migrate --noinput"


def test_the_image_runs_as_a_non_root_user_on_python_311():
    instructions = dockerfile_instructions()

    assert instructions[0].startswith("FROM python:3.11-")
    assert any(line.startswith("USER app") for line in instructions)
    assert any("pip install -r requirements.txt" in line for line in instructions)


def build_context(destination):
    """Copy what `COPY . .` would copy: everything but what .dockerignore names."""
    patterns = [
        line.strip().removeprefix("**/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def ignored(directory, names):
        return [name for name in names if any(fnmatch.fnmatch(name, pattern) for pattern in patterns)]

    shutil.copytree(ROOT, destination, ignore=ignored)
    return destination


def test_the_build_context_holds_the_app_and_no_local_state(tmp_path):
    context = build_context(tmp_path / "context")

    for needed in [
        "manage.py",
        "gunicorn.conf.py",
        "requirements.txt",
        "strategy_site",
        "goals",
        "templates",
    ]:
        assert (context / needed).exists(), needed
    for unwanted in [".venv", ".git", "db.sqlite3", "media", "staticfiles", "tests"]:
        assert not (context / unwanted).exists(), unwanted

    # The Dockerfile's collectstatic step, then the app loading, from the context alone.
    env = production_env(DJANGO_STATIC_ROOT=str(context / "staticfiles"))
    result = manage("collectstatic", "--noinput", "-v0", env=env, cwd=context)
    assert result.returncode == 0, result.stderr
    assert list((context / "staticfiles" / "css").glob("site.*.css.gz"))
    result = run_python("import strategy_site.wsgi, goals.public.views", env=env, cwd=context)
    assert result.returncode == 0, result.stderr


def test_the_procfiles_clock_sends_the_emails_every_hour_on_platforms_without_cron():
    args = shlex.split(procfile()["clock"])
    command = load_command_class("goals", "send_reminders")
    options = command.create_parser("manage.py", "send_reminders").parse_args(args[3:])

    assert args[:3] == ["python", "manage.py", "send_reminders"]
    assert (options.every, options.digest, options.dry_run) == (3600, True, False)


@pytest.mark.parametrize("process", ["release", "clock", "github"])
def test_each_procfile_process_names_a_command_and_options_it_takes(process):
    from django.core.management import get_commands, load_command_class

    program, manage, name, *arguments = shlex.split(procfile()[process])
    assert (program, manage) == ("python", "manage.py")

    command = load_command_class(get_commands()[name], name)
    options = command.create_parser("manage.py", name).parse_args(arguments)
    assert options is not None
