"""A check-in's links are web addresses, whoever writes them: the admin's change form refuses other
schemes as the owners' page, "Post an update" and the API do, and a link stored otherwise is never
made a link on the public page, in the API or in the feed."""

import pytest
from django.test import Client

from goals.check_ins import record_check_in
from goals.models import CheckIn

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "file:///etc/passwd",
]


@pytest.fixture
def check_in(world):
    check_in, _ = record_check_in(world["my_objective"], author=world["founder"], links="https://ok.example/")
    return check_in


@pytest.mark.parametrize("link", HOSTILE)
def test_the_admin_refuses_a_link_that_is_not_a_web_address(world, check_in, link):
    client = Client()
    client.force_login(world["founder"])
    data = {
        "happened_on": check_in.happened_on.isoformat(),
        "note": "",
        "links": f"https://fine.example/\n{link}",
        "visibility": "public",
        "confidence": "",
    }

    response = client.post(f"/admin/goals/checkin/{check_in.pk}/change/", data)

    assert response.status_code == 200
    assert "is not a web address" in str(response.context["adminform"].form.errors["links"])
    check_in.refresh_from_db()
    assert check_in.links == "https://ok.example/"


def test_a_link_stored_otherwise_is_linked_nowhere(world, check_in):
    # A row written before the rule, or by a bulk update: the surfaces show web addresses only.
    CheckIn.objects.filter(pk=check_in.pk).update(links="\n".join(["https://ok.example/", *HOSTILE]))
    objective = world["my_objective"]

    page = Client().get(objective.get_absolute_url())
    api = Client().get("/api/v1/plans/plan-2026/goals/grow/objectives/alices")
    feed = Client().get("/plans/plan-2026/feed.atom")

    assert page.status_code == api.status_code == feed.status_code == 200
    assert 'href="https://ok.example/"' in page.content.decode()
    assert [item["links"] for item in api.json()["check_ins"]] == [["https://ok.example/"]]
    for text in (page.content.decode(), api.content.decode(), feed.content.decode()):
        for scheme in ("javascript:", "JavaScript:", "data:text", "vbscript:", "//evil.example", "file:"):
            assert scheme not in text
