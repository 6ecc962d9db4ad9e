from pathlib import Path

import pytest

# The admin and roles tests' fixtures (one user per role, two owners' objectives).
pytest_plugins = ["tests.admin_roles"]

SEED = Path(__file__).resolve().parent.parent / "goals" / "seeds" / "2i2c-strategy.md"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Real hashers take ~0.5 s per password; tests do not need that protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_plan(db, seed_text):
    """The 2i2c bootstrap strategy, imported as the active plan."""
    from goals.markdown_plan import parse_plan
    from goals.plan_import import import_plan

    return import_plan(parse_plan(seed_text), status="active").plan
