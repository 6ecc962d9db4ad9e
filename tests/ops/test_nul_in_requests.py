"""A NUL character in an address, a query string or a cookie is refused with a plain 400 page.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"), so any
lookup that passed one on gave a 500 there; no real link carries one. One middleware answers for
every URL (strategy_site/middleware.py), before any view, cache or session reads the request.
"""

import pytest

from goals.handbook.markdown import parse_plan
from goals.models import Evidence, Goal, Objective, Owner, Plan
from tests.conftest import SEED
from tests.roles import make_role_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEED_PLAN = parse_plan(SEED.read_text(encoding="utf-8"))
PLAN, GOAL = SEED_PLAN.slug, SEED_PLAN.goals[0].slug

URLS = [
    "/api/v1/plans/%00",
    "/api/v1/plans/a%00b",
    f"/api/v1/plans/{PLAN}/goals/%00",
    f"/api/v1/plans/{PLAN}/goals/{GOAL}/objectives/%00",
    "/api/v1/owners/%00",
    "/api/v1/plans?status=%00",
    "/api/v1/goals?plan=%00",
    "/api/v1/objectives?plan=%00",
    "/api/v1/objectives?owner=%00",
    "/api/v1/objectives?goal=%00",
    "/api/v1/objectives?status=%00",
    "/api/v1/owners?plan=%00",
    "/api/v1/evidence?objective=%00",
    "/media/%00",
    "/media/evidence/2026/03/a%00.pdf",
    "/plans/?owner=%00",
    f"/plans/{PLAN}/?owner=%00",
    f"/plans/{PLAN}/?status=%00&flag=%00",
    "/?owner=%00",
    "/%00/",
    "/plans/%00/",
    "/?%00=1",
    "/admin/goals/objective/?q=%00",
    "/admin/goals/objective/%00/change/",
    f"/plans/{PLAN}/goals/{GOAL}/?owner=%00",
    f"/review/plans/{PLAN}/?since=%00",
    "/review/compare/?a=%00",
]


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in (Plan, Goal, Objective, Owner, Evidence)]


@pytest.mark.parametrize("url", URLS)
def test_a_nul_in_the_address_gets_a_plain_400_page(client, seed_plan, url):
    client.force_login(make_role_user("founder"))
    before = snapshot()

    response = client.get(url)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Bad request</h1>" in page
    assert "Traceback" not in page and "NUL" not in page
    assert response["Cache-Control"] == "no-store"
    assert snapshot() == before


def test_a_nul_in_a_cookie_gets_a_plain_400_page(client, seed_plan):
    # The session cookie is looked up in the database; a quoted cookie may spell NUL as \000.
    response = client.get("/review/", headers={"cookie": 'sessionid="\\000abcdefghijklmnop"'})

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/api/v1/plans/%01", "/api/v1/objectives?plan=%1b", "/plans/?owner=%7f", "/media/%0a"]
)
def test_other_control_characters_get_the_usual_answers(client, seed_plan, url):
    response = client.get(url)

    assert response.status_code in (200, 404, 422)
