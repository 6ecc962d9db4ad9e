"""Write a plan as handbook Markdown, the format import_plan reads."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from goals.handbook.exporter import export_plan
from goals.models import Plan


class Command(BaseCommand):
    help = "Export a plan (by slug) as handbook Markdown to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, slug, output, **options):
        plan = Plan.objects.with_standing(evidence=True).filter(slug=slug).first()
        if plan is None:
            known = ", ".join(Plan.objects.values_list("slug", flat=True)) or _("none")
            raise CommandError(
                _("No plan with the slug “%(slug)s”. Known: %(known)s.") % {"slug": slug, "known": known}
            )
        text = export_plan(plan)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
