"""Import (or update) a plan from a Markdown file in the handbook format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goals.handbook.importer import PlanImportError, import_plan
from goals.handbook.markdown import PlanFormatError, parse_plan
from goals.models import Plan


class Command(BaseCommand):
    help = "Import a plan from handbook Markdown; re-importing updates it in place."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Markdown file, e.g. goals/seeds/2i2c-strategy.md")
        parser.add_argument("--slug", help="Slug of the plan to create or update (default: from the title).")
        parser.add_argument("--status", choices=Plan.Status.values, help="Set the plan's status.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, file, slug, status, dry_run, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: cannot read the file: {error}") from error
        try:
            report = import_plan(parse_plan(text), slug=slug, status=status, dry_run=dry_run)
        except (PlanFormatError, PlanImportError) as error:
            raise CommandError(f"{file}:{error.line}: {error.message}") from error

        for change in report.changes:
            self.stdout.write(change)
        if not report.changed:
            self.stdout.write(f"{report.plan.title}: already up to date, nothing changed.")
        elif dry_run:
            self.stdout.write(
                f"Would change “{report.plan.title}”: {len(report.changes)} change(s); "
                "nothing was written (dry run)."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported “{report.plan.title}”: {len(report.changes)} change(s).")
            )
