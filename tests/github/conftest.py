import pytest

from tests.github.fake_github import FakeGitHub


@pytest.fixture
def fake_github(settings):
    """A local GitHub on a loopback port; the site's client is pointed at it."""
    fake = FakeGitHub().start()
    settings.GITHUB_API_URL = fake.url
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_TIMEOUT = 5
    yield fake
    fake.stop()
