"""Send the check-in reminders that are due and, with --digest, this week's board digest."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from goals.board.digest import build_digest
from goals.management.clock import add_every_argument, check_every, run_every
from goals.notifications import sending


class Command(BaseCommand):
    help = (
        "E-mail every owner whose check-ins are due (one e-mail per person, once per due date) and, "
        "with --digest, the weekly board digest (once per person per ISO week). Safe to run often and "
        "on several servers at once: what was sent is recorded and never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Also send this week's board digest.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what; send and record nothing."
        )
        add_every_argument(
            parser,
            help="Keep running, once every SECONDS (for platforms without cron: the Procfile's clock).",
        )

    def handle(self, *args, digest, dry_run, every, **options):
        check_every(every)
        if not dry_run:
            self.check_configured()
        if every is None:
            report = self.run_once(digest, dry_run)
            if report.unreachable:
                raise CommandError(
                    _(
                        "The e-mail server could not be reached: "
                        "what was not sent stays pending for the next run."
                    )
                )
            if report.failures:
                raise CommandError(
                    ngettext(
                        "%(count)s e-mail was refused by the server; it stays pending for the next run.",
                        "%(count)s e-mails were refused by the server; they stay pending for the next run.",
                        report.failures,
                    )
                    % {"count": report.failures}
                )
            return
        run_every(every, lambda: self.run_once(digest, dry_run), "send_reminders")

    def run_once(self, digest, dry_run):
        report = sending.send_all(
            timezone.localdate(), build_digest=build_digest if digest else None, dry_run=dry_run
        )
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(report.summary())
        return report

    def check_configured(self):
        """In production, refuse to record as sent what a console backend or a wrong link would lose."""
        if settings.DEBUG:
            return
        missing = [
            name
            for name, configured in [
                ("EMAIL_URL", settings.EMAIL_CONFIGURED),
                ("STRATEGY_SITE_URL", settings.STRATEGY_SITE_URL_CONFIGURED),
            ]
            if not configured
        ]
        if missing:
            raise CommandError(
                _(
                    "Set %(names)s before sending e-mail with DJANGO_DEBUG=False "
                    "(see docs/email.md); --dry-run works without."
                )
                % {"names": " and ".join(missing)}
            )
