"""History and revert pages answer 404 to an id that cannot be one (django-simple-history's own
lookup raised ValueError, a 500), and still show the real ones."""

from datetime import date

import pytest
from django.urls import reverse

from goals.board import snapshots
from tests.roles import make_role_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MODELS = ["plan", "goal", "objective", "owner", "evidence", "review"]
BAD_PATHS = [
    "abc/history/",
    "abc/history/1/",
    "²/history/",
    "²/history/²/",
    "{pk}/history/abc/",
    "{pk}/history/²/",
    "{pk}/history/-1/",
    "1.5/history/",
    "99999999999999999999/history/",
    "{pk}/history/99999999999999999999/",
]


@pytest.fixture
def objects(world):
    review = snapshots.record_review(world["plan"], held_on=date(2026, 4, 1), attendees="Ann")
    return {
        "plan": world["plan"],
        "goal": world["goal"],
        "objective": world["objective"],
        "owner": world["owner"],
        "evidence": world["evidence"],
        "review": review,
    }


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("path", BAD_PATHS)
def test_a_history_url_with_an_id_that_cannot_exist_is_a_404(client, objects, model, path):
    client.force_login(make_role_user("founder"))
    url = f"/admin/goals/{model}/" + path.format(pk=objects[model].pk)

    response = client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_the_real_history_and_its_versions_still_show(client, objects, model):
    client.force_login(make_role_user("founder"))
    obj = objects[model]
    version = obj.history.earliest("history_date")

    history = client.get(reverse(f"admin:goals_{model}_history", args=[obj.pk]))
    revert = client.get(reverse(f"admin:goals_{model}_simple_history", args=[obj.pk, version.history_id]))

    assert (history.status_code, revert.status_code) == (200, 200)
    assert str(obj) in history.content.decode()
