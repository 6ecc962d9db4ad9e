"""A founder reads the history and reverts in a real browser, under the site's CSP."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.pages import opens_a_page
from tests.browser.test_admin_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_history_and_revert_pages_render_without_a_csp_refusal(live_server, page, world, screenshot):
    objective = world["objective"]
    objective.status = "on_track"
    objective.save()
    original = objective.history.last()
    refusals = []
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "Content Security" in message.text else None,
    )
    sign_in(page, live_server, world["founder"])

    for name, obj in [("plan", world["plan"]), ("goal", world["goal"]), ("objective", objective)]:
        page.goto(live_server.url + reverse(f"admin:goals_{name}_history", args=[obj.pk]))
    expect(page.locator("#change-history")).to_contain_text("Not started → On track")
    screenshot("admin-objective-history")
    page.goto(
        live_server.url
        + reverse("admin:goals_objective_simple_history", args=[objective.pk, original.history_id])
    )
    with opens_a_page(page):
        page.click("input[name=_save]")
    page.goto(live_server.url + reverse("admin:goals_objective_history", args=[objective.pk]))

    expect(page.locator("#change-history tbody tr").first).to_contain_text("Reverted to the version of")
    assert refusals == []
    objective.refresh_from_db()
    assert objective.status == "not_started"
