import pytest
from django.core.management import call_command

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_no_pending_migrations():
    # Fails (SystemExit) when a model changed without a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
