"""The board's wide tables (snapshot, compare, changes, status counts) scroll in their own box."""

import re
from datetime import date

import pytest
from django.urls import reverse

from goals.board import snapshots
from goals.check_ins import record_check_in
from goals.models import Objective
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, PlanFactory
from tests.roles import make_role_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BOX = re.compile(r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+"><table')


@pytest.fixture
def reviewed(client):
    client.force_login(make_role_user("board"))
    plan = PlanFactory(slug="p", status="active", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    goal = GoalFactory(plan=plan, title="Grow")
    moved = ObjectiveFactory(goal=goal, statement="Ten hubs run.")
    first = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    moved.status = Objective.Status.AT_RISK
    moved.save()
    record_check_in(moved, note="Waiting on a quote.")
    EvidenceFactory(objective=moved, title="Launch post")
    second = snapshots.record_review(plan, held_on=date(2026, 5, 1), attendees="Ann")
    return first, second


def tables(client, url):
    page = client.get(url).content.decode()
    return len(re.findall(r"<table", page)), len(BOX.findall(page)), page


def test_the_record_page_boxes_its_snapshot(client, reviewed):
    count, boxed, _ = tables(client, reverse("board:record", args=[reviewed[0].pk]))
    assert (count, boxed) == (1, 1)


def test_the_compare_page_boxes_both_tables(client, reviewed):
    first, second = reviewed
    count, boxed, page = tables(client, reverse("board:compare") + f"?a={first.pk}&b={second.pk}")
    assert "Side by side" in page
    assert (count, boxed) == (2, 2)  # side by side, and the check-ins posted in between


def test_the_packet_boxes_every_table_but_the_charts_data(client, reviewed):
    count, boxed, page = tables(client, reverse("board:plan", args=["p"]) + "?since=2026-01-01")
    charts = page.count('<details class="chart-data')
    assert charts >= 1
    assert "Check-ins posted, public and internal (1)" in page
    assert "Evidence added (1)" in page
    # status counts, check-ins and evidence added
    assert (count - charts, boxed) == (3, 3)
