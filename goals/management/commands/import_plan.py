"""Import (or update) a plan from a Markdown file in the handbook format, or prepare its import
from a file on GitHub for a founder to confirm in the admin."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from goals.github.client import GitHubError
from goals.github.plans import prepare_import
from goals.handbook.importer import PlanImportError, import_plan
from goals.handbook.links import relative_links, resolve_relative_links
from goals.handbook.markdown import PlanFormatError, parse_plan
from goals.models import Plan


class Command(BaseCommand):
    help = "Import a plan from handbook Markdown; re-importing updates it in place."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, nargs="?", help="Markdown file, e.g. goals/seeds/2i2c-strategy.md"
        )
        parser.add_argument(
            "--from-github",
            metavar="URL",
            help=(
                "A file on GitHub (https://github.com/owner/repo/blob/branch/path.md): read it and prepare "
                "the import as a dry run, which a founder confirms in the admin."
            ),
        )
        parser.add_argument("--slug", help="Slug of the plan to create or update (default: from the title).")
        parser.add_argument("--status", choices=Plan.Status.values, help="Set the plan's status.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument(
            "--base-url",
            help=(
                "The address the file came from, e.g. its page in the handbook on GitHub: relative "
                "links in it are resolved against it. Without it, each relative link is a warning."
            ),
        )

    def handle(self, *args, file, slug, status, dry_run, from_github, base_url=None, **options):
        if from_github:
            return self.prepare_from_github(from_github, slug)
        if file is None:
            raise CommandError(_("Name a Markdown file, or a file on GitHub with --from-github URL."))
        if base_url and urlsplit(base_url).scheme not in ("http", "https"):
            raise CommandError(
                _("--base-url must be a full web address, such as %(example)s")
                % {"example": "https://github.com/2i2c-org/team-compass/blob/main/about/strategy.md"}
            )
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("%(file)s: cannot read the file: %(error)s") % {"file": file, "error": error}
            ) from error
        if base_url:
            text = resolve_relative_links(text, base_url)
        for line, url in relative_links(text):
            self.stderr.write(
                _(
                    "%(file)s:%(line)s: warning: the relative link “%(url)s” leads nowhere on this site; "
                    "give --base-url (the address this file came from) to resolve it"
                )
                % {"file": file, "line": line, "url": url}
            )
        try:
            report = import_plan(parse_plan(text), slug=slug, status=status, dry_run=dry_run)
        except (PlanFormatError, PlanImportError) as error:
            raise CommandError(f"{file}:{error.line}: {error.message}") from error

        for change in report.changes:
            self.stdout.write(change)
        if not report.changed:
            self.stdout.write(
                _("%(title)s: already up to date, nothing changed.") % {"title": report.plan.title}
            )
        elif dry_run:
            self.stdout.write(
                _("Would change “%(title)s”: %(count)s change(s); nothing was written (dry run).")
                % {"title": report.plan.title, "count": len(report.changes)}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported “%(title)s”: %(count)s change(s).")
                    % {"title": report.plan.title, "count": len(report.changes)}
                )
            )

    def prepare_from_github(self, url, slug):
        try:
            prepared = prepare_import(url, slug=slug)
        except GitHubError as error:
            raise CommandError(error.message) from error
        except ValidationError as error:
            raise CommandError(f"{url}: {' '.join(error.messages)}") from error
        for change in prepared.changes:
            self.stdout.write(change)
        self.stdout.write(prepared.message)
        if prepared.plan_import:
            path = reverse("admin:goals_planimport_change", args=[prepared.plan_import.pk])
            self.stdout.write(_("Confirm it at %(url)s") % {"url": f"{settings.STRATEGY_SITE_URL}{path}"})
