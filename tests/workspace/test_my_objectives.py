"""The owners' own page: their objectives, one check-in form each, and nobody else's."""

import re
from datetime import date
from decimal import Decimal

import pytest

from goals.models import CheckIn, KeyResult, Objective

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def post_check_in(client, objective, **fields):
    data = {f"objective-{objective.pk}-{name}": value for name, value in fields.items()}
    data.setdefault(f"objective-{objective.pk}-status", objective.status)
    data.setdefault(f"objective-{objective.pk}-happened_on", "2026-11-30")
    data.setdefault(f"objective-{objective.pk}-visibility", "public")
    return client.post(f"/me/objectives/{objective.pk}/check-in/", data)


def test_it_lists_only_the_owners_objectives(client, world):
    client.force_login(world["owner_user"])

    html = client.get("/me/").content.decode()

    assert "Objective owned by Alice." in html
    assert "Objective owned by Bob." not in html
    assert html.count('class="check-in-form"') == 1


def test_an_owner_checks_in_and_sees_it_recorded(client, world):
    alice, mine = world["owner_user"], world["my_objective"]
    client.force_login(alice)

    response = post_check_in(
        client, mine, status="at_risk", note="Waiting on a **vendor**.", confidence="low"
    )

    assert response.status_code == 302
    assert response["Location"] == f"/me/#objective-{mine.pk}"
    check_in = CheckIn.objects.get(objective=mine)
    assert (check_in.author, check_in.status, check_in.confidence) == (alice, "at_risk", "low")
    assert Objective.objects.get(pk=mine.pk).status == "at_risk"


def test_a_measured_objective_takes_a_value(client, world):
    mine = world["my_objective"]
    KeyResult.objects.create(objective=mine, metric="Hubs", target=4)
    client.force_login(world["owner_user"])

    post_check_in(client, Objective.objects.get(pk=mine.pk), value="3")

    mine.refresh_from_db()
    assert (mine.progress_source, mine.progress) == ("measured", 75)
    assert CheckIn.objects.get(objective=mine).value == Decimal(3)


def test_bad_input_is_refused_in_plain_words_and_kept(client, world):
    mine = world["my_objective"]
    client.force_login(world["owner_user"])

    response = post_check_in(client, mine, progress="140", note="Keep this text.", links="not a link")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Progress must be between 0 and 100." in html
    assert "is not a web address" in html
    assert "Keep this text." in html
    assert CheckIn.objects.count() == 0


def test_nobody_checks_in_on_someone_elses_objective(client, world):
    client.force_login(world["owner_user"])

    response = post_check_in(client, world["objective"], note="Not mine.")

    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_a_founder_opens_any_owners_page(client, world):
    client.force_login(world["founder"])

    html = client.get("/me/?owner=bob").content.decode()

    assert "Bob Owner: objectives" in html
    assert "Objective owned by Bob." in html


def test_an_owner_cannot_open_another_owners_page(client, world):
    client.force_login(world["owner_user"])

    html = client.get("/me/?owner=bob").content.decode()

    assert "Objective owned by Bob." not in html
    assert "Objective owned by Alice." in html


def test_a_login_without_an_owner_is_told_so(client, world):
    client.force_login(world["board"])

    response = client.get("/me/")

    assert response.status_code == 403
    assert "This login is not linked to an owner" in response.content.decode()


def test_a_founder_without_an_owner_entry_picks_whose_page_to_open(client, world):
    client.force_login(world["founder"])

    response = client.get("/me/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Owners' pages" in html
    for owner in (world["objective"].owners.get(), world["my_objective"].owners.get()):
        assert f'<a href="/me/?owner={owner.slug}">{owner.name}</a>' in html
    assert "1 objective" in html
    page = client.get(f"/me/?owner={world['my_objective'].owners.get().slug}").content.decode()
    assert "Objective owned by Alice." in page


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/me/")

    assert response.status_code == 302
    assert "next=/me/" in response["Location"]


def test_it_says_when_a_check_in_is_due(client, world):
    world["plan"].due_on = date(2030, 12, 31)  # still running whatever day the test runs
    world["plan"].save()
    client.force_login(world["owner_user"])

    html = client.get("/me/").content.decode()

    # The world's evidence on Alice's objective is dated 1 March 2026: monthly, due a month later.
    assert '<strong class="flag flag-due">Due since 1 Apr 2026</strong>' in html
    assert "(monthly)" in html


def card(html, objective):
    """The HTML of an objective's card on /me/ (where the redirect after a post lands)."""
    start = html.index(f'<section class="goal workspace-objective" id="objective-{objective.pk}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("action", ["check-in", "github-link"])
def test_the_confirmation_is_in_the_card_the_page_lands_on(client, world, action):
    mine = world["my_objective"]
    client.force_login(world["owner_user"])

    if action == "check-in":
        response = post_check_in(client, mine, note="Done.")
        words = "Update recorded for “Objective owned by Alice.”."
    else:
        url = "https://github.com/example/repo/issues/1"
        response = client.post(f"/me/objectives/{mine.pk}/github/", {f"github-{mine.pk}-url": url})
        words = f"Linked to {url}: it is read from GitHub at the next sync."
    html = client.get(response["Location"]).content.decode()

    assert response["Location"] == f"/me/#objective-{mine.pk}"
    assert words in card(html, mine)
    assert html.count(words) == 1  # not also at the top of the page, out of sight


def test_every_field_is_described_by_its_help_text(client, world):
    client.force_login(world["owner_user"])

    html = client.get("/me/").content.decode()

    described_by = re.findall(r'aria-describedby="([^"]+)"', html)
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert len(described_by) >= 3
    assert [name for name in described_by if name not in ids] == []


def test_the_measured_value_says_what_it_counts(client, world):
    mine = world["my_objective"]
    KeyResult.objects.create(objective=mine, metric="Hubs", unit="institutions", target=4)
    client.force_login(world["owner_user"])

    html = client.get("/me/").content.decode()

    assert f'<label for="id_objective-{mine.pk}-value">Measured value (institutions)</label>' in html
    assert html.count(">Measured value<") == 0
