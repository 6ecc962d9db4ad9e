"""A visitor reads a measured objective's page in Chromium: the server-drawn chart of its measurements
with its text alternative and data table, and the timeline of check-ins, at 1440 and 375 px wide,
with no axe-core violations (WCAG 2.2 AA) and nothing wider than a phone's screen."""

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import assert_accessible, opens_a_page
from tests.roles import make_role_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/plans/community-cloud/goals/hubs/objectives/institutions/"
WIDTHS = [1440, 375]


def overflow(page):
    """How many CSS pixels the page is wider than its viewport (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def check_the_chart(page, name):
    chart = page.locator(".chart-measurements")
    assert chart.locator("svg[role=img] title").text_content() == "Institutions with a managed hub over time"
    desc = chart.locator("svg desc").text_content()
    assert desc.startswith("Institutions with a managed hub: 3 measurements, 0 institutions on ")
    assert "target: at least 3 institutions by " in desc
    chart.locator("details summary").click()  # open the data table as a reader would
    table = chart.locator("details table")
    assert table.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(SCREENSHOTS / f"{name}-chart.png"))
    assert [cells.split("\t")[1:] for cells in table.locator("tbody tr").all_inner_texts()] == [
        ["0", "—"],
        ["1", "—"],
        ["2", "—"],
        ["—", "2"],
        ["—", "3"],
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_visitor_reads_the_chart_and_the_public_check_ins(
    live_server, visitor, measured_objective, screenshot, width
):
    page = visitor
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + PATH)

    assert page.locator("h1").inner_text() == "2i2c manages JupyterHubs for at least three institutions"
    check_the_chart(page, f"objective-measured-{width}")
    assert page.locator(".timeline-check-in").count() == 4  # the two internal ones stay hidden
    assert "Contract details" not in page.content()
    assert page.locator(".timeline-check-in .timeline-meta").first.inner_text().endswith("by Ada Lovelace")
    screenshot(f"objective-measured-{width}", target=page)
    assert_accessible(page)
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert overflow(page) == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_see_the_internal_check_ins_in_the_timeline_not_in_the_chart(
    live_server, visitor, measured_objective, screenshot, width
):
    founder = make_role_user("founder", "fiona")
    founder.set_password("a-long-founder-password")
    founder.save()
    page = visitor
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/login/?next=" + PATH)
    page.fill("#id_username", "fiona")
    page.fill("#id_password", "a-long-founder-password")
    with opens_a_page(page):
        page.click("input[type=submit]")

    assert page.locator("h1").inner_text() == "2i2c manages JupyterHubs for at least three institutions"
    assert page.locator(".timeline-check-in").count() == 6
    assert page.locator(".timeline-check-in .kind-internal").count() == 2
    check_the_chart(page, f"objective-measured-staff-{width}")  # still the three public measurements
    screenshot(f"objective-measured-staff-{width}", target=page)
    assert_accessible(page)
    assert overflow(page) == 0
