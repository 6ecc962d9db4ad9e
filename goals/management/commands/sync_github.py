"""Read the linked GitHub issues, pull requests, milestones and project items (goals/github/)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from goals.github.client import GitHub, GitHubError
from goals.github.plans import prepare_due_plans
from goals.github.sync import sync_links
from goals.management.clock import add_every_argument, check_every, run_every
from goals.models import GitHubLink


class Command(BaseCommand):
    help = (
        "Read every linked GitHub item (or, with --queued, those a webhook delivery asked for): "
        "state and counts, evidence for merged pull requests and closed issues (once each), progress "
        "from GitHub; and prepare the plan imports a push asked for. Safe to run often and on several "
        "servers at once: links are claimed, evidence is recorded once, ETags make unchanged reads free."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queued", action="store_true", help="Only the links webhook deliveries queued.")
        parser.add_argument("--dry-run", action="store_true", help="Read and print; write nothing.")
        add_every_argument(parser, help="Keep running, once every SECONDS (for platforms without cron).")

    def handle(self, *args, queued, dry_run, every, **options):
        check_every(every)
        if every is None:
            report = self.run_once(queued, dry_run)
            if report.resume_at:
                raise CommandError(
                    _(
                        "GitHub's rate limit stopped the run; run again after %(when)s UTC. "
                        "Links not read keep their values."
                    )
                    % {"when": f"{report.resume_at:%Y-%m-%d %H:%M}"}
                )
            return
        run_every(every, lambda: self.run_once(queued, dry_run), "sync_github")

    def run_once(self, queued, dry_run):
        try:
            client = GitHub()
        except GitHubError as error:
            raise CommandError(error.message) from error
        links = GitHubLink.objects.all()
        if queued:
            links = links.filter(sync_requested_at__isnull=False)
        report = sync_links(links, client=client, dry_run=dry_run)
        if not dry_run and not report.resume_at:
            for plan, message in prepare_due_plans(client):
                self.stdout.write(f"{plan.title}: {message}")
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(report.summary())
        return report
