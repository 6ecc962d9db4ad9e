"""The people every access test needs, in one place: a founder, a board member, owners, staff and
someone who may not, and two owners' objectives (`world`). Loaded as a plugin by tests/conftest.py.
"""

import importlib
from datetime import date
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from goals.models import Plan
from goals.permissions import BOARD, FOUNDERS, OWNERS
from tests.factories import (
    EvidenceFactory,
    GoalFactory,
    ObjectiveFactory,
    OwnerFactory,
    PlanFactory,
    UserFactory,
)


def ensure_roles():
    """The role groups, as migration 0003 makes them (transactional tests flush them away)."""
    from django.apps import apps

    importlib.import_module("goals.migrations.0003_admin_roles").create_roles(apps, None)
    importlib.import_module("goals.migrations.0009_roles_for_key_results").grant(apps, None)
    importlib.import_module("goals.migrations.0012_check_in_reminders").grant(apps, None)
    importlib.import_module("goals.migrations.0013_github_links").grant(apps, None)


@pytest.fixture
def roles(db):
    ensure_roles()


def make_user(username, group_name=None, password=None):
    if group_name and not Group.objects.filter(name=group_name).exists():
        ensure_roles()
    user = UserFactory(username=username, is_staff=True)
    if password:
        user.set_password(password)
        user.save()
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def world(db):
    """A plan with one goal and two objectives: Alice owns one, Bob the other."""
    plan = PlanFactory(
        title="Plan 2026", slug="plan-2026", status=Plan.Status.ACTIVE, starts_on=date(2026, 1, 1)
    )
    goal = GoalFactory(plan=plan, title="Grow the community", slug="grow")
    alice = make_user("alice", OWNERS)
    bob = make_user("bob", OWNERS)
    alice_owner = OwnerFactory(name="Alice Owner", slug="alice", user=alice)
    bob_owner = OwnerFactory(name="Bob Owner", slug="bob", user=bob)
    mine = ObjectiveFactory(
        goal=goal, statement="Objective owned by Alice.", slug="alices", owners=[alice_owner]
    )
    theirs = ObjectiveFactory(goal=goal, statement="Objective owned by Bob.", slug="bobs", owners=[bob_owner])
    return {
        "plan": plan,
        "goal": goal,
        "objective": theirs,
        "my_objective": mine,
        "owner": bob_owner,
        "alice_owner": alice_owner,
        "evidence": EvidenceFactory(objective=theirs, title="Evidence from Bob"),
        "my_evidence": EvidenceFactory(objective=mine, title="Evidence from Alice"),
        "founder": make_user("fiona", FOUNDERS),
        "board": make_user("boris", BOARD),
        "owner_user": alice,
        "bob": bob,
    }


def admin_url(obj, action="change"):
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{action}"
    return reverse(name, args=[obj.pk])


class _FormReader(HTMLParser):
    """Collects the current values of a form's named fields, as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._select = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                # The browser drops the newline right after <textarea>.
                self.data[self._textarea][0] = self.data[self._textarea][0].removeprefix("\n")
            self._textarea = None


def form_fields(html, form_id):
    """The POST data a browser would send for the form `form_id` in this HTML page, unchanged."""
    reader = _FormReader(form_id)
    reader.feed(html)
    assert reader.data, f"no form #{form_id} in the page"
    return {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}


def form_data(response, form_id):
    """form_fields() of a test client's response, without the CSRF token (the test client needs none)."""
    data = form_fields(response.content.decode(), form_id)
    data.pop("csrfmiddlewaretoken", None)
    return data


def make_role_user(role, username=None):
    """A user for one of: anonymous-less roles "board", "founder", "superuser", "staff", "owner"."""
    username = username or role
    if role == "superuser":
        return UserFactory(username=username, is_staff=True, is_superuser=True)
    if role == "owner":
        user = UserFactory(username=username, is_staff=True)
        user.groups.add(Group.objects.get_or_create(name="Owners")[0])
        OwnerFactory(user=user)
        return user
    if role == "staff":
        return UserFactory(username=username, is_staff=True)
    if role == "board_not_staff":
        user = UserFactory(username=username, is_staff=False)
        user.groups.add(Group.objects.get_or_create(name="Board")[0])
        return user
    group = {"board": "Board", "founder": "Founders"}[role]
    user = UserFactory(username=username, is_staff=True, first_name=role.title(), last_name="Member")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user
