import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_works_offline_from_this_site(live_server, page, seed_plan, screenshot):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock-summary-path").first.wait_for()

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/plans" in [path.replace("\u200b", "") for path in paths]
    assert errors == []
    assert requested and all(url.startswith(live_server.url) for url in requested), requested
    assert screenshot("api-docs").stat().st_size > 10_000
