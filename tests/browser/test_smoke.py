import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_shows_the_2i2c_plan(live_server, page, seed_plan, screenshot):
    page.goto(live_server.url + "/")
    assert page.title() == "Strategy and goals · strategy-site"
    assert page.locator("h1").inner_text() == "Strategy and goals"
    assert page.locator("section.goal .goal-head h3").all_inner_texts() == [
        "Build a foundation for 2i2c's operations",
        "Launch the Managed JupyterHubs pilot",
        "Launch major collaborations",
    ]
    assert screenshot("smoke-home").stat().st_size > 10_000
