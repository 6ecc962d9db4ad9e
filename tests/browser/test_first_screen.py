"""The five-second test in Chromium: at 1440 x 900 and 375 x 667 the plan page's first screen holds
the plan's progress and every goal's card, with nothing wider than the screen; for the shipped 2i2c
plan and for the demo.

The README's pictures are these screens: `make screenshots` runs this module with
STRATEGY_README_SCREENSHOTS=1, which saves them (viewport only, palette PNGs) under docs/screenshots/.
"""

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from goals.models import Goal
from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import assert_accessible
from tests.roles import ensure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1440, 900), (375, 667)]
README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_PNG_BYTES = 150_000


@pytest.fixture
def demo(settings):
    """The demo, loaded by its command; returns {user name: password} from what it printed."""
    ensure_roles()
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    settings.DEBUG = False
    return dict(re.findall(r"^  (demo-[a-z]+)\s+(\S+)\s", out.getvalue(), re.MULTILINE))


def save_screen(page, name):
    """The first screen as a picture, in test-artifacts; for `make screenshots`, in docs/screenshots
    too, cut to 256 colours (a third of the bytes; text and bars stay sharp)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"first-screen-{name}.png"
    page.screenshot(path=str(path), full_page=False, animations="disabled")
    if os.environ.get("STRATEGY_README_SCREENSHOTS"):
        from PIL import Image

        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        readme_path = README_SCREENSHOTS / f"{name}.png"
        with Image.open(path) as picture:
            picture.convert("RGB").quantize(colors=256).save(readme_path, optimize=True)
        size = readme_path.stat().st_size
        assert size < MAX_PNG_BYTES, f"{readme_path}: {size} bytes"


def assert_first_screen_shows_every_goal(page, width, height, goal_count):
    cards = page.locator(".goal-card")
    assert cards.count() == goal_count
    plan_bar = page.get_by_role("progressbar", name="Plan progress").bounding_box()
    assert plan_bar["y"] + plan_bar["height"] <= height
    for index in range(goal_count):
        box = cards.nth(index).bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, index
        assert box["x"] + box["width"] <= width, (index, box)
        assert box["y"] + box["height"] <= height, (index, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# As `make run` and `make demo` name them.
ORGANIZATION = {"2i2c": "2i2c", "demo": "Example Org"}


@pytest.mark.parametrize("which", ["2i2c", "demo"])
def test_every_goal_is_on_the_first_screen_at_both_sizes(request, settings, live_server, visitor, which):
    request.getfixturevalue("seed_plan" if which == "2i2c" else "demo")
    settings.STRATEGY_ORGANIZATION_NAME = ORGANIZATION[which]
    goal_count = Goal.objects.on_plan().count()
    assert goal_count in (3, 5)
    page = visitor
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + "/")
        assert_first_screen_shows_every_goal(page, width, height, goal_count)
        assert_accessible(page)
        save_screen(page, f"plan-{which}-{width}")


def test_the_owners_page_of_a_demo_owner(settings, live_server, visitor, demo):
    settings.STRATEGY_ORGANIZATION_NAME = ORGANIZATION["demo"]
    page = visitor
    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.fill("#id_username", "demo-jonas")
    page.fill("#id_password", demo["demo-jonas"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.locator("h1").inner_text() == "Your objectives"
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        save_screen(page, f"owners-page-{width}")
