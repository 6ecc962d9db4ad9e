"""An owner signs in on the site's page, lands on "My objectives" and checks in by keyboard alone."""

import pytest

from goals.models import CheckIn
from tests.browser.pages import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"


def press_tab_until(page, selector, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_an_owner_checks_in_by_keyboard_on_a_phone_and_a_desktop(live_server, visitor, world, screenshot):
    page = visitor
    alice, mine = world["owner_user"], world["my_objective"]
    alice.set_password(PASSWORD)
    alice.save()
    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.fill("#id_username", alice.username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.locator("h1").inner_text() == "Your objectives"
    assert_accessible(page)
    screenshot("owners-page-1440", target=page)

    page.set_viewport_size({"width": 375, "height": 667})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    screenshot("owners-page-375", target=page)

    prefix = f"#id_objective-{mine.pk}"
    press_tab_until(page, f"{prefix}-status")
    page.keyboard.type("At risk")  # a focused select picks the option typed
    press_tab_until(page, f"{prefix}-note")
    page.keyboard.type("Waiting on the vendor's quote.")
    press_tab_until(page, f"#objective-{mine.pk} button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message")

    assert "Update recorded" in page.locator(".message").inner_text()
    check_in = CheckIn.objects.get(objective=mine)
    assert (check_in.author, check_in.status, check_in.note) == (
        alice,
        "at_risk",
        "Waiting on the vendor's quote.",
    )
