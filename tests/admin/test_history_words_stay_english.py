"""The history's words are stored in English whatever the language of the admin page that wrote
them (docs/translations.md): a revert's reason and a deletion's name the date and the row in English."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from goals.models import Objective
from tests.admin.test_admin_history_pages import edit, revert_url
from tests.roles import form_data

pytestmark = [pytest.mark.integration]

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_it_stores_a_revert_from_a_spanish_page_in_english(client, world):
    plan = world["plan"]
    client.force_login(world["founder"])
    original = plan.history.earliest("history_date")
    edit(client, plan, "plan_form", title="New title")
    url = revert_url(plan, original)

    response = client.post(url, form_data(client.get(url, **SPANISH), "historicalplan_form"), **SPANISH)

    assert response.status_code == 302
    with translation.override("en"):
        english = date_format(timezone.localtime(original.history_date), "j F Y, H:i")
    with translation.override("es"):
        spanish = date_format(timezone.localtime(original.history_date), "j F Y, H:i")
    assert english != spanish
    assert plan.history.first().history_change_reason == f"Reverted to the version of {english}"
    assert spanish not in plan.history.first().history_change_reason


def test_it_names_what_a_deletion_removed_in_english_from_a_spanish_page(world):
    goal = world["goal"]
    objective_ids = list(goal.objectives.values_list("pk", flat=True))

    with translation.override("es"):
        goal.delete()

    reasons = {
        Objective.history.filter(id=pk, history_type="-").get().history_change_reason for pk in objective_ids
    }
    assert reasons == {f"Deleted with the goal “{goal.title}”"}
