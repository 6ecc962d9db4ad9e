"""Counts of objectives by status ("2 done", "1 off track") are plurals of their own, not the
singular status label with a number in front (in Spanish that read "2 completado")."""

import gettext

import pytest
from django.utils.translation import trans_real

from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


class PluralMarkingCatalogue(gettext.NullTranslations):
    """A catalogue that tags every plural message with the form it chose, so a test can see that
    a count went through ngettext with its number."""

    def ngettext(self, singular, plural, number):
        return f"{singular} [one]" if number == 1 else f"{plural} [many]"

    def npgettext(self, context, singular, plural, number):
        return self.ngettext(singular, plural, number)

    def pgettext(self, context, message):
        return message

    def to_language(self):
        return "en"


@pytest.fixture
def plural_marking_catalogue(monkeypatch):
    # The middleware activates the request's language by name: answer "en" with this catalogue.
    monkeypatch.setitem(trans_real._translations, "en", PluralMarkingCatalogue())


@pytest.fixture
def counted_plan(db):
    plan = PlanFactory(slug="counted", status="active")
    goal = GoalFactory(plan=plan, slug="hubs", title="Run reliable hubs")
    owner = OwnerFactory(slug="ada", name="Ada Lovelace")
    for number, status in enumerate(["done", "done", "off_track"]):
        ObjectiveFactory(goal=goal, slug=f"o{number}", status=status, owners=[owner])
    return plan


@pytest.mark.parametrize("status", Objective.Status.values)
def test_it_words_every_status_count_in_english(status):
    from goals.models.objective import status_count

    label = Objective.Status(status).label.lower()

    assert (status_count(status, 1), status_count(status, 2)) == (f"1 {label}", f"2 {label}")


@pytest.mark.parametrize(
    "url",
    ["/", "/plans/counted/", "/plans/counted/goals/hubs/", "/owners/ada/"],
)
def test_each_page_that_counts_objectives_by_status_counts_them_as_plurals(
    client, counted_plan, plural_marking_catalogue, url
):
    html = client.get(url).content.decode()

    assert "2 done [many]" in html
    assert "1 off track [one]" in html
    assert "2 Done" not in html and ">Done</span> 2" not in html
