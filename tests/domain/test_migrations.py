from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_no_pending_migrations():
    # makemigrations --check exits (SystemExit) when a model changed without a migration; the
    # failure says which change it found (a random-order run once failed here without saying).
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1, stdout=out)
    except SystemExit:
        pytest.fail(f"A model changed without a migration:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
