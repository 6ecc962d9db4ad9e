"""The race the browser tests guard against, shown on purpose: a click returns before its page is read."""

import pytest

from tests.browser.pages import opens_a_page
from tests.browser.slow_pages import send_bodies_late

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_click_returns_before_the_new_page_is_parsed(live_server, page, monkeypatch, sample_plan):
    page.goto(live_server.url + "/plans/")
    send_bodies_late(monkeypatch, 0.5)

    page.get_by_role("link", name="Community cloud plan").first.click()

    assert page.title() == ""  # the old page is gone, the new one not yet read


def test_opens_a_page_waits_for_it(live_server, page, monkeypatch, sample_plan):
    page.goto(live_server.url + "/plans/")
    send_bodies_late(monkeypatch, 0.5)

    with opens_a_page(page):
        page.get_by_role("link", name="Community cloud plan").first.click()

    assert page.title() == "Community cloud plan · strategy-site"
