"""Every public page type passes the Nu HTML Checker (vnu-jar from npm, run on Java) with no errors."""

import pytest

from tests.nu_checker import nu_errors

pytestmark = pytest.mark.integration


PAGES = {
    "home": "/",
    "plan-filtered": "/plans/community-cloud/?status=at_risk&owner=ada",
    "plan-bad-filter": "/plans/community-cloud/?owner=nobody",
    "plan-list": "/plans/",
    "archived-plan": "/plans/founding/",
    "goal": "/plans/community-cloud/goals/hubs/",
    "objective": "/plans/community-cloud/goals/hubs/objectives/uptime/",
    "objective-no-evidence": "/plans/community-cloud/goals/funding/objectives/donors/",
    # A measured objective: the chart (SVG, data table) and check-ins in the timeline.
    "objective-measured": "/plans/community-cloud/goals/hubs/objectives/institutions/",
    "owner": "/owners/ada/",
    "404": "/plans/nope/",
    "plan-paginated": "/plans/community-cloud/?page=2",  # with one goal per page
    "sign-in": "/accounts/login/?next=/review/",
    "updates": "/plans/community-cloud/updates/",
    "goal-updates": "/plans/community-cloud/goals/hubs/updates/",
    "search": "/search/?q=hubs",
    "search-empty": "/search/",
    "search-bad": "/search/?q=",
}


def test_every_page_type_is_valid_html(
    client, sample_plan, measured_objective, archived_plan, tmp_path, settings
):
    files = []
    for name, url in PAGES.items():
        settings.STRATEGY_GOALS_PER_PAGE = 1 if name == "plan-paginated" else 10
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    assert nu_errors(files) == []
