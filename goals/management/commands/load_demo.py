"""`make demo`: an example plan under way, eight months of updates, one board review, and logins.

Everything is written the way the site writes it: models saved one by one (with their history),
updates through `record_check_in`, the review through the board's `record_review`. Each update is
recorded *on the day it says it happened* (the clock is set back while it is written), so the
history that the board's progress-over-time chart and "what changed since" replay spans months, and
every measurement chart has points. Dates are relative to today.

Idempotent: when the demo plan exists, nothing is added; the demo logins get new passwords, printed
again (passwords are stored hashed, so the old ones cannot be shown).
"""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.board.snapshots import record_review
from goals.check_ins import record_check_in
from goals.handbook.markdown import make_slug
from goals.models import Evidence, Goal, KeyResult, Objective, Owner, Plan
from goals.permissions import ROLES

SLUG = "example-plan-demo"
TITLE = "Example plan — demo data"
PLAN_DAYS = 365
DAYS_UNDER_WAY = 240  # the demo is two thirds of the way through its year
REVIEW_DAYS_AGO = 40

INTRODUCTION = """**Example plan — demo data.** Everything on this plan is made up by `manage.py load_demo`
to show what the site looks like with a plan under way: the organisation, its people, their
updates and the board's review are fictional.

The plan runs for a year. Its owners check in about once a month; the board reviewed it once.
"""

S = Objective.Status


@dataclass
class DemoObjective:
    statement: str
    owners: list
    # Monthly updates, oldest first: a status each, and a measured value for a key result.
    statuses: list
    values: list = field(default_factory=list)
    progress: list = field(default_factory=list)  # set by hand, for work that is counted, not measured
    key_result: dict | None = None
    due_in_days: int | None = None  # from today; None: the plan's due date
    evidence: list = field(default_factory=list)  # (months after the start, title, url, visibility)


@dataclass
class DemoGoal:
    title: str
    slug: str
    rationale: str
    objectives: list


OWNERS = [
    # slug, name, kind, role, login
    ("amara-okafor", "Amara Okafor", Owner.Kind.PERSON, "Director of Operations", "demo-amara"),
    ("jonas-berg", "Jonas Berg", Owner.Kind.PERSON, "Lead Engineer", "demo-jonas"),
    ("li-wei", "Li Wei", Owner.Kind.PERSON, "Community Manager", None),
    ("partnerships", "Partnerships team", Owner.Kind.TEAM, "", None),
]

GOALS = [
    DemoGoal(
        "Services people rely on",
        "reliable-services",
        "Researchers lose a day's work when a service goes down. **Uptime** is the first promise.",
        [
            DemoObjective(
                "Keep every hub up 99.5% of each month",
                ["jonas-berg"],
                [S.ON_TRACK] * 8,
                values=[99.1, 99.3, 99.2, 99.5, 99.6, 99.4, 99.6, 99.7],
                key_result={"metric": "uptime", "unit": "%", "baseline": 99, "target": Decimal("99.8")},
            ),
            DemoObjective(
                "Answer every support request within two working days",
                ["li-wei"],
                [S.ON_TRACK, S.ON_TRACK, S.AT_RISK, S.ON_TRACK, S.ON_TRACK, S.ON_TRACK, S.ON_TRACK, S.DONE],
                evidence=[(5, "Support rota published", "https://example.org/demo/support-rota", "public")],
            ),
            DemoObjective(
                "Publish a status page with incident reports",
                ["jonas-berg"],
                [S.NOT_STARTED, S.ON_TRACK, S.ON_TRACK, S.DONE],
                evidence=[(4, "Status page is live", "https://example.org/demo/status", "public")],
            ),
        ],
    ),
    DemoGoal(
        "A growing community",
        "community",
        "A service run *with* its users outlasts one run *for* them.",
        [
            DemoObjective(
                "Bring member institutions from 4 to 12",
                ["partnerships", "amara-okafor"],
                [S.ON_TRACK] * 4 + [S.AT_RISK] * 4,
                values=[4, 5, 5, 6, 6, 6, 7, 7],
                key_result={
                    "metric": "member institutions",
                    "unit": "institutions",
                    "baseline": 4,
                    "target": 12,
                },
            ),
            DemoObjective(
                "Hold a community call every month",
                ["li-wei"],
                [S.ON_TRACK] * 8,
                progress=[8, 17, 25, 33, 42, 50, 58, 67],
                evidence=[
                    (2, "Notes of the March call", "https://example.org/demo/calls/march", "public"),
                    (6, "Notes of the July call", "https://example.org/demo/calls/july", "public"),
                ],
            ),
            DemoObjective(
                "Translate the user guide into three languages",
                ["li-wei"],
                [S.NOT_STARTED, S.NOT_STARTED, S.ON_TRACK, S.ON_TRACK, S.OFF_TRACK, S.OFF_TRACK],
                due_in_days=-20,
            ),
        ],
    ),
    DemoGoal(
        "A sustainable footing",
        "sustainability",
        "Grants end. Members' fees and services should cover the **core team** by the plan's end.",
        [
            DemoObjective(
                "Cover 60% of the core budget from recurring income",
                ["amara-okafor"],
                [S.ON_TRACK] * 3 + [S.AT_RISK] * 5,
                values=[20, 22, 25, 27, 28, 30, 31, 32],
                key_result={
                    "metric": "core budget from recurring income",
                    "unit": "%",
                    "baseline": 20,
                    "target": 60,
                },
                evidence=[(3, "Board paper on pricing (internal)", "", "internal")],
            ),
            DemoObjective(
                "Sign a three-year agreement with a second funder",
                ["partnerships"],
                [S.NOT_STARTED, S.ON_TRACK, S.ON_TRACK, S.AT_RISK, S.AT_RISK, S.OFF_TRACK, S.OFF_TRACK],
            ),
            DemoObjective(
                "Publish yearly accounts within three months of the year's end",
                ["amara-okafor"],
                [S.ON_TRACK, S.ON_TRACK, S.DONE],
                evidence=[(2, "Accounts 2025", "https://example.org/demo/accounts-2025", "public")],
            ),
        ],
    ),
    DemoGoal(
        "Easy to join",
        "easy-to-join",
        "A new institution should go from first e-mail to a working hub in **a week**.",
        [
            DemoObjective(
                "Cut the days from sign-up to a working hub from 30 to 7",
                ["jonas-berg"],
                [S.ON_TRACK] * 8,
                values=[30, 26, 21, 18, 14, 12, 10, 9],
                key_result={
                    "metric": "days from sign-up to a working hub",
                    "unit": "days",
                    "baseline": 30,
                    "target": 7,
                    "direction": KeyResult.Direction.AT_MOST,
                },
            ),
            DemoObjective(
                "Write a self-service setup guide",
                ["jonas-berg", "li-wei"],
                [S.NOT_STARTED, S.ON_TRACK, S.ON_TRACK, S.ON_TRACK, S.DONE],
                evidence=[
                    (5, "Setup guide, first edition", "https://example.org/demo/setup-guide", "public")
                ],
            ),
        ],
    ),
    DemoGoal(
        "Share what we learn",
        "share",
        "Others run services like ours; what worked and what did not should be **public**.",
        [
            DemoObjective(
                "Publish a case study each quarter",
                ["li-wei"],
                [S.NOT_STARTED, S.NOT_STARTED, S.ON_TRACK, S.ON_TRACK, S.ON_TRACK, S.ON_TRACK],
                values=[0, 0, 1, 1, 1, 2],
                key_result={
                    "metric": "case studies published",
                    "unit": "case studies",
                    "baseline": 0,
                    "target": 4,
                },
            ),
            DemoObjective(
                "Speak at two research-computing conferences",
                ["amara-okafor"],
                [S.NOT_STARTED, S.NOT_STARTED, S.NOT_STARTED],
            ),
        ],
    ),
]

NOTES = {
    S.ON_TRACK: "Moving as planned.",
    S.AT_RISK: "Slower than planned; we are looking at why.",
    S.OFF_TRACK: "Stalled: this needs a decision.",
    S.DONE: "Done.",
    S.NOT_STARTED: "Not started yet.",
}


@contextmanager
def on_day(day):
    """Write as if it were noon on `day`: history, status_updated_at and default dates say so."""
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class Command(BaseCommand):
    help = "Load an example plan under way (demo data) with owners, check-ins, evidence, a review and logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with DJANGO_DEBUG=False (the demo logins are real logins).",
        )

    def handle(self, *args, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                _(
                    "The demo adds logins with printed passwords: it runs only with DJANGO_DEBUG=True "
                    "(or --allow-production)."
                )
            )
        with transaction.atomic():
            users = self.logins()
            if Plan.objects.filter(slug=SLUG).exists():
                self.stdout.write(
                    _("The demo plan “%(title)s” exists already: nothing added.") % {"title": TITLE}
                )
            else:
                self.load(users)
                self.stdout.write(
                    self.style.SUCCESS(_("Loaded the demo plan “%(title)s”.") % {"title": TITLE})
                )
            passwords = {username: self.new_password(user) for username, user in users.items()}
        self.stdout.write(self.sign_in_block(users, passwords))

    def logins(self):
        """The demo's founder, board member and owner logins, made once."""
        User = get_user_model()
        wanted = [("demo-founder", "founder"), ("demo-board", "board")]
        wanted += [(login, "owner") for *_, login in OWNERS if login]
        users = {}
        for username, role in wanted:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if created:
                user.groups.add(Group.objects.get(name=ROLES[role]))
            user.demo_role = role
            users[username] = user
        return users

    @staticmethod
    def new_password(user):
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save(update_fields=["password"])
        return password

    def load(self, users):
        today = timezone.localdate()
        starts_on = today - timedelta(days=DAYS_UNDER_WAY)
        month = timedelta(days=30)
        with on_day(starts_on):
            plan = Plan.objects.create(
                slug=SLUG,
                title=TITLE,
                introduction=INTRODUCTION,
                starts_on=starts_on,
                due_on=starts_on + timedelta(days=PLAN_DAYS),
                status=Plan.Status.ACTIVE,
            )
            owners = {}
            for slug, name, kind, role, login in OWNERS:
                owners[slug] = Owner.objects.create(
                    slug=slug,
                    name=name,
                    kind=kind,
                    role=role,
                    email=f"{slug}@example.org",
                    user=users.get(login),
                )
            objectives = []
            for goal_order, spec in enumerate(GOALS, start=1):
                goal = Goal.objects.create(
                    plan=plan, title=spec.title, slug=spec.slug, rationale=spec.rationale, order=goal_order
                )
                for order, item in enumerate(spec.objectives, start=1):
                    objective = Objective.objects.create(
                        goal=goal,
                        statement=item.statement,
                        slug=make_slug(item.statement, fallback=f"objective-{order}"),
                        order=order,
                        due_on=today + timedelta(days=item.due_in_days) if item.due_in_days else None,
                    )
                    objective.owners.set([owners[slug] for slug in item.owners])
                    if item.key_result:
                        KeyResult.objects.create(objective=objective, **item.key_result)
                    objectives.append((objective, item))

        board = users["demo-board"]
        review_day = today - timedelta(days=REVIEW_DAYS_AGO)
        reviewed = False
        for months in range(1, 9):
            day = starts_on + months * month - timedelta(days=3)
            if not reviewed and day > review_day:
                self.review(plan, review_day, board)
                reviewed = True
            with on_day(day):
                for objective, item in objectives:
                    self.check_in(objective, item, months, day)
        if not reviewed:
            self.review(plan, review_day, board)

    @staticmethod
    def check_in(objective, item, months, day):
        if months > len(item.statuses):
            return
        status = item.statuses[months - 1]
        previous = item.statuses[months - 2] if months > 1 else None
        if previous == S.DONE:
            return
        author = next((owner.user for owner in objective.owners.all() if owner.user), None)
        value = Decimal(str(item.values[months - 1])) if item.values else None
        record_check_in(
            objective,
            author=author,
            happened_on=day,
            status="" if status == previous else status,
            value=value,
            progress=item.progress[months - 1] if item.progress else None,
            confidence="high" if status in (S.ON_TRACK, S.DONE) else "low",
            note=NOTES[status],
        )
        for evidence_month, title, url, visibility in item.evidence:
            if evidence_month == months:
                Evidence.objects.create(
                    objective=objective,
                    title=title,
                    kind=Evidence.Kind.LINK if url else Evidence.Kind.NOTE,
                    url=url,
                    summary="" if url else "Discussed with the board; not for publication.",
                    happened_on=day,
                    visibility=visibility,
                    added_by=author,
                )

    @staticmethod
    def review(plan, day, board):
        with on_day(day):
            record_review(
                plan,
                held_on=day,
                attendees="Grace Hopper (chair)\nAlan Turing\nAmara Okafor",
                notes="Reviewed progress on every goal. Membership and income are slower than planned.",
                decisions="Ask the partnerships team for a funding plan by the next meeting.",
                recorded_by=board,
                is_public=True,
                public_summary="The board reviewed the plan: services are on track, income is behind.",
            )

    @staticmethod
    def sign_in_block(users, passwords):
        owner_of = {login: name for _slug, name, _kind, _role, login in OWNERS if login}
        lines = ["", _("Demo logins (new passwords at every `make demo`; sign in at /accounts/login/):")]
        for username, user in users.items():
            who = {"founder": _("founder"), "board": _("board member")}.get(user.demo_role)
            who = who or _("owner, %(name)s") % {"name": owner_of[username]}
            lines.append(f"  {username:<14} {passwords[username]:<14} {who}")
        lines.append("")
        return "\n".join(lines)
