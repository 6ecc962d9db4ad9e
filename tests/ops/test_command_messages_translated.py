"""Commands speak the site's language: their errors and results are the catalogue's, and what
another program reads (the first password that `serve` picks up) stays as it is.

Each case runs a command twice, in English and in Spanish, and compares what a person reads: a
CommandError's text, else the line of stdout the case names. The Spanish must differ from the
English, hold a word the Spanish says (docs/translations.md's terminology), and hold none of the
English sentence.
"""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from goals.management.commands.serve import _created_password
from tests.factories import OwnerFactory, PlanFactory
from tests.roles import make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.usefixtures("roles")]


@dataclass(frozen=True)
class Case:
    args: tuple
    spanish_word: str
    line: int = 0  # which line of stdout, when the command succeeds
    env: tuple = ()


CASES = {
    "export_plan, no such plan": Case(("export_plan", "nope"), "identificador"),
    "create_role_user, login taken": Case(("create_role_user", "alice", "--role", "founder"), "existe"),
    "create_role_user, owner role without --owner": Case(
        ("create_role_user", "x", "--role", "owner"), "responsable"
    ),
    "create_role_user, no such owner": Case(
        ("create_role_user", "x", "--role", "owner", "--owner", "nobody"), "responsable"
    ),
    "create_role_user, owner taken": Case(
        ("create_role_user", "x", "--role", "owner", "--owner", "taken"), "responsable"
    ),
    "create_role_user, --owner for another role": Case(
        ("create_role_user", "x", "--role", "board", "--owner", "ada"), "solo"
    ),
    "create_role_user, password refused": Case(
        ("create_role_user", "x", "--role", "board", "--password-env", "WEAK"),
        "contraseña",
        env=(("WEAK", "1"),),
    ),
    "create_role_user, created with its password": Case(
        ("create_role_user", "x", "--role", "board"), "contraseña", line=1
    ),
    "generate_plan, generated": Case(
        (
            "generate_plan",
            "--slug",
            "{slug}",
            "--goals",
            "2",
            "--objectives",
            "1",
            "--evidence",
            "0",
            "--owners",
            "0",
        ),
        "metas",
    ),
    "bootstrap_site, a plan exists": Case(("bootstrap_site",), "nada"),
    "import_plan, no file named": Case(("import_plan",), "archivo"),
}


def said(case, language, monkeypatch, run):
    """What the command tells a person in `language`: its error, or the chosen line of its output."""
    for name, value in case.env:
        monkeypatch.setenv(name, value)
    args = [arg.format(slug=f"generated-{language}") for arg in case.args]
    if args[0] == "create_role_user" and args[1] == "x":
        args[1] = f"x-{language}-{run}"
    out = StringIO()
    with translation.override(language):
        try:
            call_command(*args, stdout=out, stderr=StringIO())
        except CommandError as error:
            return str(error)
    return out.getvalue().splitlines()[case.line]


@pytest.fixture
def commands_world(db):
    make_user("alice")
    OwnerFactory(slug="ada")
    OwnerFactory(slug="taken", user=make_user("tom"))
    PlanFactory()


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_it_tells_a_person_in_the_sites_language(case, commands_world, monkeypatch):
    english = said(case, "en", monkeypatch, run=1)
    spanish = said(case, "es", monkeypatch, run=2)
    assert spanish != english
    assert case.spanish_word in spanish.lower()
    assert english.split(":")[0] not in spanish


def test_bootstrap_sites_password_line_stays_english_for_serve(settings):
    settings.DEBUG = True
    out = StringIO()
    with translation.override("es"):
        call_command("bootstrap_site", stdout=out)
    password = _created_password(out.getvalue())
    assert password is not None
    assert password in out.getvalue().splitlines()[-1]
