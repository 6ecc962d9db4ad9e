"""An objective's page shows its check-ins and evidence as one timeline, newest first."""

import re
from datetime import date
from decimal import Decimal

import pytest

from goals.check_ins import record_check_in
from goals.models import KeyResult, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def objective():
    plan = PlanFactory(
        slug="p", status=Plan.Status.ACTIVE, starts_on=date(2026, 1, 1), due_on=date(2027, 12, 31)
    )
    author = make_user("yuvi", "Owners")
    owner = OwnerFactory(name="Yuvi Panda", slug="yuvi", user=author)
    objective = ObjectiveFactory(goal=GoalFactory(plan=plan, slug="g"), slug="o", owners=[owner])
    KeyResult.objects.create(objective=objective, metric="Institutions", unit="institutions", target=2)
    record_check_in(
        objective, author=author, value=Decimal(1), happened_on=date(2026, 10, 1), note="First hub."
    )
    EvidenceFactory(objective=objective, title="Launch post", happened_on=date(2026, 10, 20))
    record_check_in(
        objective, author=author, value=Decimal(3), happened_on=date(2026, 11, 14), confidence="high"
    )
    record_check_in(
        objective, note="Board-only detail.", visibility="internal", happened_on=date(2026, 11, 20)
    )
    return objective


def timeline_ids(html):
    return re.findall(r'<li id="((?:check-in|evidence)-\d+)" class="timeline-item', html)


def test_it_lists_check_ins_and_evidence_newest_first_with_the_authors_owner_name(client, objective):
    html = client.get(objective.get_absolute_url()).content.decode()

    assert [i.split("-")[0] for i in timeline_ids(html)] == ["check", "evidence", "check"]
    assert "by Yuvi Panda" in html and "yuvi" not in html.replace("/owners/yuvi/", "")
    assert "<strong>3 of 2 institutions</strong>, from the measurement of 14 Nov 2026" in html
    assert "Board-only detail." not in html


def test_staff_who_may_see_the_objective_also_see_internal_entries(client, objective):
    client.force_login(make_user("fiona", "Founders"))

    html = client.get(objective.get_absolute_url()).content.decode()

    assert "Board-only detail." in html
    assert len(timeline_ids(html)) == 4
    assert 'class="kind kind-internal">Internal<' in html


def test_lists_show_the_current_value_against_the_target(client, objective):
    html = client.get("/plans/p/").content.decode()

    assert "Institutions: 3 of 2 institutions" in html
