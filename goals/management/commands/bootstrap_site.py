"""First-run setup for `make run`: the 2i2c plan, and in DEBUG a local superuser."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from goals.models import Plan

SEED = Path(__file__).resolve().parents[2] / "seeds" / "2i2c-strategy.md"
# Where the seed came from: the strategy page of 2i2c's team handbook as of June 2022 (the seed is
# that file, byte for byte), so that its relative links ("../projects/index.md") lead to the
# handbook's pages of that time rather than to a 404 here.
SEED_URL = (
    "https://github.com/2i2c-org/team-compass/blob/47a97990b5c46f0a04c485cbfde46ea6026e249c/about/strategy.md"
)


class Command(BaseCommand):
    help = "Import the 2i2c bootstrap strategy if there is no plan yet; in DEBUG, create user `admin`."

    def handle(self, *args, **options):
        if Plan.objects.exists():
            self.stdout.write(_("A plan exists already: nothing imported."))
        else:
            call_command(
                "import_plan", str(SEED), status=Plan.Status.ACTIVE, base_url=SEED_URL, stdout=self.stdout
            )

        User = get_user_model()
        if settings.DEBUG and not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", email="", password=password)
            # In English whatever the language: `serve` reads the password from this line.
            self.stdout.write(
                self.style.WARNING(f"Created superuser “admin” with password: {password}  (shown once)")
            )
