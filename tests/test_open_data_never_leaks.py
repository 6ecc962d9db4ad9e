"""Drafts, internal evidence and owners' e-mail never leak through the API, feeds, badges or downloads.

Bait first (tests/open_data.py: a draft plan with goals, objectives, owners and evidence; internal
evidence on the public plan; owners with e-mail addresses), then every open-data surface is fetched
as an anonymous user and searched for it.
"""

import pytest

from tests.open_data import BAIT, BAIT_TARGET, BAIT_VALUE, make_bait

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PUBLIC_SURFACES = [
    "/api/v1/plans",
    "/api/v1/plans?status=active",
    "/api/v1/plans/public-plan",
    "/api/v1/goals",
    "/api/v1/plans/public-plan/goals/public-goal",
    "/api/v1/objectives",
    "/api/v1/objectives?owner=public-owner",
    "/api/v1/plans/public-plan/goals/public-goal/objectives/public-objective",
    "/api/v1/owners",
    "/api/v1/owners/public-owner",
    "/api/v1/evidence",
    "/api/v1/evidence?plan=public-plan",
    "/api/v1/openapi.json",
    "/plans/public-plan/feed.atom",
    "/plans/public-plan/goals/public-goal/feed.atom",
    "/plans/public-plan/badge.svg",
    "/plans/public-plan/goals/public-goal/badge.svg",
    "/plans/public-plan/plan.md",
    "/plans/public-plan/objectives.csv",
    "/plans/public-plan/",
]

DRAFT_URLS = [
    "/api/v1/plans/draft-plan",
    "/api/v1/plans/draft-plan/goals/draft-goal",
    "/api/v1/plans/draft-plan/goals/draft-goal/objectives/draft-objective",
    "/plans/draft-plan/feed.atom",
    "/plans/draft-plan/goals/draft-goal/feed.atom",
    "/plans/draft-plan/badge.svg",
    "/plans/draft-plan/goals/draft-goal/badge.svg",
    "/plans/draft-plan/plan.md",
    "/plans/draft-plan/objectives.csv",
]


@pytest.fixture
def bait(db):
    return make_bait()


@pytest.mark.parametrize("url", PUBLIC_SURFACES)
def test_public_surfaces_show_no_bait(client, bait, url):
    response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Public" in body or url.endswith(("openapi.json", ".svg"))
    assert BAIT not in body
    assert BAIT_VALUE not in body  # the internal measurement
    assert BAIT_TARGET not in body  # the draft's target on the way
    assert "@" not in body.replace("@context", "")  # no e-mail address of any kind
    assert "internal.example.org" not in body
    assert "draft" not in body.lower().replace("drafts", "")  # nor the draft owner's slug


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/objectives",
        "/api/v1/plans/public-plan/goals/public-goal",
        "/api/v1/plans/public-plan/goals/public-goal/objectives/public-github",
        "/api/v1/owners/public-owner",
        "/plans/public-plan/objectives.csv",
        "/plans/public-plan/goals/public-goal/objectives/public-github/",
    ],
)
def test_a_private_repositorys_link_shows_its_reference_not_its_title(client, bait, url):
    body = client.get(url).content.decode()

    assert "Public issue" in body  # the public link's title
    assert "o/secret#3" in body  # the private one's reference, as the objective's page shows it
    assert "https://github.com/o/secret/issues/3" in body
    assert BAIT not in body


@pytest.mark.parametrize("url", DRAFT_URLS)
def test_draft_urls_are_404(client, bait, url):
    response = client.get(url)

    assert response.status_code == 404
    assert BAIT not in response.content.decode()
    # No content-version ETag to revalidate an error against (ConditionalGetMiddleware may still
    # hash the 404 page itself, which can never turn into a 304).
    assert not response.get("ETag", "").startswith('"open-data')


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/objectives?plan=draft-plan",
        "/api/v1/goals?plan=draft-plan",
        "/api/v1/evidence?plan=draft-plan",
        "/api/v1/owners?plan=draft-plan",
        "/api/v1/objectives?status=at_risk",
    ],
)
def test_filters_cannot_reach_a_draft(client, bait, url):
    assert client.get(url).json() == {"items": [], "count": 0}


def test_the_public_csv_carries_the_public_target_on_the_way(client, bait):
    """The control for the CSV: the public key result's target is there, the draft's is not."""
    body = client.get("/plans/public-plan/objectives.csv").content.decode()

    assert "2026-09-30: 3" in body
    assert BAIT_TARGET not in body


def test_the_public_plans_public_evidence_is_there(client, bait):
    """The control: the same surfaces do show what is public."""
    body = client.get("/api/v1/plans/public-plan/goals/public-goal/objectives/public-objective").json()

    assert [item["title"] for item in body["evidence"]] == ["Public evidence"]
    assert [item["note"] for item in body["check_ins"]] == ["Public measurement."]
    assert (body["key_result"]["current_value"], body["progress"]) == (2.0, 50)
    assert body["key_result"]["targets"] == [{"due_on": "2026-09-30", "value": 3.0}]
    assert body["owners"] == [{"slug": "public-owner", "name": "Public Owner"}]
    assert body["last_evidence_on"] == "2026-03-01"
