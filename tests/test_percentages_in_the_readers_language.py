"""A percentage is written as the reader's language writes it, by one function (rules.format_percent):
"40%" in English, "40 %" in Spanish (with a no-break space, as the RAE asks), on every surface."""

import pytest
from django.urls import reverse
from django.utils import translation

from goals import rules
from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [("en", 40, "40%"), ("es", 40, f"40{NBSP}%"), ("en", 33.4, "33%"), ("es", None, "—")],
)
def test_a_percentage_reads_as_the_language_writes_it(language, value, text):
    with translation.override(language):
        assert rules.format_percent(value) == text


@pytest.fixture
def plan():
    plan = PlanFactory(slug="pct")
    ObjectiveFactory(
        goal=GoalFactory(plan=plan),
        progress=40,
        status=Objective.Status.ON_TRACK,
        progress_source=Objective.ProgressSource.MANUAL,
    )
    return plan


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_admin_list_the_badge_and_the_plan_page_write_it_alike(admin_client, plan, language):
    with translation.override(language):
        expected = rules.format_percent(40)
    surfaces = {
        "admin list": reverse("admin:goals_objective_changelist"),
        "badge": reverse("opendata:plan-badge", args=[plan.slug]),
        "plan page": plan.get_absolute_url(),
    }

    for name, url in surfaces.items():
        body = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert expected in body, name
        if language == "es":
            assert "40%" not in body, name
