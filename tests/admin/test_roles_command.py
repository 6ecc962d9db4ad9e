"""`manage.py create_role_user`: a staff login in one role, with no prompt."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from tests.factories import OwnerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.usefixtures("roles")]


def run(*args):
    out = StringIO()
    call_command("create_role_user", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_founder_with_a_generated_password_printed_once():
    output = run("fiona", "--role", "founder", "--email", "fiona@example.org")
    user = get_user_model().objects.get(username="fiona")
    password = output.split("Password (shown once, not stored anywhere else): ")[1].strip()
    assert user.check_password(password)
    assert (user.is_staff, user.is_superuser, user.email) == (True, False, "fiona@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Founders"]


def test_it_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("BOARD_PASSWORD", "correct horse battery staple")
    output = run("boris", "--role", "board", "--password-env", "BOARD_PASSWORD")
    assert "correct horse" not in output
    assert "Password" not in output
    assert get_user_model().objects.get(username="boris").check_password("correct horse battery staple")


def test_it_links_an_owner_login_to_its_owner():
    owner = OwnerFactory(slug="yuvi")
    run("yuvi", "--role", "owner", "--owner", "yuvi")
    owner.refresh_from_db()
    assert owner.user.username == "yuvi"
    assert list(owner.user.groups.values_list("name", flat=True)) == ["Owners"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--role", "owner"], "--role owner needs --owner SLUG"),
        (["x", "--role", "owner", "--owner", "nobody"], "No owner with slug “nobody”."),
        (["x", "--role", "board", "--owner", "nobody"], "--owner is only for --role owner."),
    ],
)
def test_it_refuses_incomplete_owner_logins(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not get_user_model().objects.filter(username="x").exists()


def test_it_refuses_weak_passwords_and_existing_names(monkeypatch):
    monkeypatch.setenv("STRATEGY_NEW_USER_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="The password is refused: This password is too short"):
        run("weak", "--role", "board")
    monkeypatch.delenv("STRATEGY_NEW_USER_PASSWORD")
    run("taken", "--role", "board")
    with pytest.raises(CommandError, match="exists already"):
        run("taken", "--role", "founder")


def test_the_role_migration_makes_the_three_groups_and_can_be_undone():
    migration = importlib.import_module("goals.migrations.0003_admin_roles")
    perms = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert perms["Board"] == [
        "view_checkin",
        "view_evidence",
        "view_githublink",
        "view_goal",
        "view_keyresult",
        "view_keyresulttarget",
        "view_objective",
        "view_owner",
        "view_plan",
        "view_planimport",
    ]
    assert perms["Owners"] == [
        "add_checkin",
        "add_evidence",
        "change_evidence",
        "change_objective",
        "view_checkin",
        "view_evidence",
        "view_keyresult",
        "view_keyresulttarget",
        "view_objective",
    ]
    assert {"change_user", "add_user", "delete_plan", "change_goal"} <= set(perms["Founders"])

    migration.delete_roles(apps, None)
    assert not Group.objects.exists()
    migration.create_roles(apps, None)
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Board", "Founders", "Owners"]
