"""Every form an owner or a board member fills in has controls of one size: text a person can read
and a target a finger can hit (the GitHub link on /me/, the packet's date, compare's pickers and
the withdraw form once had the browser's 21 px default beside the site's 40 px ones)."""

from datetime import date

import pytest

from goals.board.snapshots import record_review
from tests.roles import make_role_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"
MIN_HEIGHT = 40  # px: the check-in form's controls, 2.5rem at the site's 16 px root
MIN_FONT = 15  # px

INPUTS = "input:not([type=hidden]):not([type=checkbox]):not([type=file])"
CONTROLS = f"main form:not(.inline-form) :is(button, {INPUTS}, select, textarea)"


def sign_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}{next_url}")


def too_small(page):
    """The visible controls in the page's forms that are shorter or in smaller type than the rest."""
    return page.eval_on_selector_all(
        CONTROLS,
        """(els, [minHeight, minFont]) => els
            .filter(el => el.offsetParent !== null)
            .map(el => ({name: el.name || el.textContent.trim(), height: el.getBoundingClientRect().height,
                         font: parseFloat(getComputedStyle(el).fontSize)}))
            .filter(c => c.height < minHeight || c.font < minFont)""",
        [MIN_HEIGHT, MIN_FONT],
    )


@pytest.mark.parametrize("width", [1440, 375])
def test_the_owners_page_has_no_undersized_control(live_server, page, world, width):
    alice = world["owner_user"]
    alice.set_password(PASSWORD)
    alice.save()
    page.set_viewport_size({"width": width, "height": 900})

    sign_in(page, live_server, alice.username, "/me/")

    assert page.get_by_role("button", name="Link", exact=True).count() == 1
    assert too_small(page) == []


@pytest.mark.parametrize("width", [1440, 375])
def test_the_board_pages_have_no_undersized_control(live_server, page, world, width):
    board = make_role_user("board", "beatrice")
    board.set_password(PASSWORD)
    board.save()
    review = record_review(world["plan"], held_on=date(2026, 3, 1), attendees="Beatrice")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "beatrice", "/review/")

    found = {}
    for path in [
        f"/review/plans/{world['plan'].slug}/",
        f"/review/records/{review.pk}/",
        f"/review/compare/?a={review.pk}&b=now",
    ]:
        page.goto(live_server.url + path)
        found[path] = too_small(page)

    assert found == {path: [] for path in found}
