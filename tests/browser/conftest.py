"""Playwright driving Debian's Chromium against pytest-django's live server.

Never downloads a browser: it uses /usr/bin/chromium (installed by scripts/system-deps.sh).
Screenshots go to test-artifacts/screenshots/ so that people can look at them.
"""

import os
from pathlib import Path

import pytest

from tests.browser.slow_pages import send_bodies_late

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def slow_pages(monkeypatch):
    """`STRATEGY_SLOW_PAGES=SECONDS` (make test sets it): see tests/browser/slow_pages.py."""
    if seconds := os.environ.get("STRATEGY_SLOW_PAGES"):
        send_bodies_late(monkeypatch, float(seconds))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot: screenshot("home-desktop")."""

    def take(name, target=None):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def visitor(browser):
    """A page whose context bypasses the CSP so that axe can be injected; no JavaScript of ours runs."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
