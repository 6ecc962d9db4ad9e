"""Generate a large synthetic plan for tests and benchmarks."""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from goals.content_version import bump_content_version
from goals.models import Evidence, Goal, Objective, Owner, Plan

WORDS = [
    "hubs",
    "community",
    "cloud",
    "research",
    "education",
    "funding",
    "governance",
    "staff",
    "partners",
    "training",
    "infrastructure",
    "open",
    "source",
    "sustainability",
    "reliability",
    "outreach",
    "users",
    "data",
    "science",
]


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def generate_plan(*, slug, goals, objectives, evidence, owners, status=Plan.Status.DRAFT, seed=0):
    """Create a plan of goals x objectives x evidence with shared owners; bulk inserts, no history."""
    rng = random.Random(seed)
    statuses = [s for s in Objective.Status.values]
    with transaction.atomic():
        plan = Plan.objects.create(
            slug=slug,
            title=f"Synthetic plan {slug}",
            introduction="A generated plan for tests and benchmarks.\n\n" + sentence(rng, 30) + ".",
            starts_on=date(2026, 1, 1),
            due_on=date(2027, 12, 31),
            status=status,
        )
        owner_objects = Owner.objects.bulk_create(
            Owner(name=f"Owner {slug} {n}", slug=f"{slug}-owner-{n}", email=f"owner{n}@example.org")
            for n in range(owners)
        )
        goal_objects = Goal.objects.bulk_create(
            Goal(
                plan=plan,
                title=f"Goal {g + 1}: {sentence(rng, 4)}",
                slug=f"goal-{g + 1}",
                order=g,
                rationale=f"**Why:** {sentence(rng, 25)}.",
            )
            for g in range(goals)
        )
        objective_objects = Objective.objects.bulk_create(
            Objective(
                goal=goal,
                statement=f"Objective {o + 1} of goal {goal.order + 1}: {sentence(rng, 8)}.",
                slug=f"objective-{o + 1}",
                order=o,
                status=(status_ := rng.choice(statuses)),
                progress=Objective.STATUS_PROGRESS[status_],
                weight=rng.randint(1, 3),
            )
            for goal in goal_objects
            for o in range(objectives)
        )
        through = Objective.owners.through
        if owner_objects:
            through.objects.bulk_create(
                through(objective_id=objective.pk, owner_id=rng.choice(owner_objects).pk)
                for objective in objective_objects
            )
        Evidence.objects.bulk_create(
            Evidence(
                objective=objective,
                title=f"Evidence {e + 1}: {sentence(rng, 4)}",
                kind=Evidence.Kind.NOTE,
                summary=sentence(rng, 20) + ".",
                happened_on=date(2026, 1, 1) + timedelta(days=rng.randint(0, 300)),
                visibility=Evidence.Visibility.INTERNAL if e % 5 == 4 else Evidence.Visibility.PUBLIC,
            )
            for objective in objective_objects
            for e in range(evidence)
        )
        bump_content_version()  # bulk_create sends no signal
    return plan


class Command(BaseCommand):
    help = "Generate a synthetic plan of the given size (goals x objectives x evidence)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="synthetic")
        parser.add_argument("--goals", type=int, default=50)
        parser.add_argument("--objectives", type=int, default=20, help="Objectives per goal.")
        parser.add_argument("--evidence", type=int, default=10, help="Evidence items per objective.")
        parser.add_argument("--owners", type=int, default=20)
        parser.add_argument("--status", choices=Plan.Status.values, default=Plan.Status.DRAFT)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        plan = generate_plan(
            slug=options["slug"],
            goals=options["goals"],
            objectives=options["objectives"],
            evidence=options["evidence"],
            owners=options["owners"],
            status=options["status"],
            seed=options["seed"],
        )
        message = ngettext(
            "Generated %(slug)s: %(goals)d goal x %(objectives)d objectives.",
            "Generated %(slug)s: %(goals)d goals x %(objectives)d objectives.",
            options["goals"],
        )
        self.stdout.write(
            message % {"slug": plan.slug, "goals": options["goals"], "objectives": options["objectives"]}
        )
