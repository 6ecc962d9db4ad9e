"""The Spanish pages in Chromium: axe-core finds nothing, and the footer's switcher works with
JavaScript turned off (tests/test_translations.py checks the words and the HTML)."""

import re

import pytest

from goals.permissions import BOARD
from tests.browser.pages import assert_accessible, opens_a_page
from tests.browser.test_every_page_fits import sign_in
from tests.roles import ensure_roles, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURED = "/plans/community-cloud/goals/hubs/objectives/institutions/"


@pytest.fixture
def no_javascript(browser):
    """A page with JavaScript turned off, as some readers browse."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_spanish_page_passes_axe(live_server, visitor, sample_plan, measured_objective, screenshot):
    visitor.set_extra_http_headers({"Accept-Language": "es"})
    visitor.goto(live_server.url + MEASURED)

    assert visitor.locator("html").get_attribute("lang") == "es"
    assert visitor.get_by_role("heading", name="Mediciones").count() == 1
    # The plan's own words keep their language, so a screen reader reads them in English.
    assert visitor.locator("h1").get_attribute("lang") == "en"
    assert_accessible(visitor)
    screenshot("translated-objective-es", target=visitor)


@pytest.mark.parametrize(
    ("url", "who", "heading"),
    [
        ("/plans/community-cloud/", None, "Metas y objetivos"),
        ("/review/plans/community-cloud/", "board", "Cómo va el plan"),
    ],
    ids=["plan", "board packet"],
)
def test_the_spanish_plan_page_and_board_packet_pass_axe(
    live_server, visitor, sample_plan, measured_objective, url, who, heading
):
    if who:
        ensure_roles()
        sign_in(visitor, live_server, make_user("boris", BOARD))
    visitor.set_extra_http_headers({"Accept-Language": "es"})
    visitor.goto(live_server.url + url)

    assert visitor.locator("html").get_attribute("lang") == "es"
    assert visitor.get_by_role("heading", name=heading).count() == 1
    assert_accessible(visitor)


def test_the_switcher_works_without_javascript(live_server, no_javascript, sample_plan):
    page = no_javascript
    page.goto(live_server.url + "/owners/ada/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option("es")
    with opens_a_page(page):
        page.get_by_role("button", name="Change language").click()

    assert page.url == live_server.url + "/owners/ada/"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name=re.compile(r"^Responsable de \d+ objetivos$")).count() == 1
    with opens_a_page(page):
        page.get_by_role("link", name="Planes").first.click()
    assert page.locator("h1").inner_text() == "Todos los planes"
