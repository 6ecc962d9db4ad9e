"""Test data for the open-data surfaces: public plans of a given size, and the bait that must never leak."""

from datetime import date

from django.utils import timezone

from goals.check_ins import record_check_in
from goals.models import ApiToken, CheckIn, Evidence, GitHubLink, KeyResult, KeyResultTarget, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory


def make_public_plan(size, *, status=Plan.Status.ARCHIVED, **plan_fields):
    """A public plan with `size` goals of `size` objectives, each with an owner and public evidence."""
    plan = PlanFactory(status=status, **plan_fields)
    for _ in range(size):
        goal = GoalFactory(plan=plan)
        for _ in range(size):
            objective = ObjectiveFactory(goal=goal, status=Objective.Status.ON_TRACK, owners=[OwnerFactory()])
            EvidenceFactory(objective=objective, summary="Shipped **it**.", happened_on=date(2026, 3, 2))
    return plan


BAIT = "SECRET-BAIT"
BAIT_VALUE = "987.65"  # an internal measurement, newer than the public one
BAIT_TARGET = "864.21"  # a target on the way of the draft's key result


BAIT_LINK = "https://internal.example.org/check-in"


def make_bait():
    """Everything the public must never see, with BAIT in every text field."""
    secret_owner = OwnerFactory(name=f"{BAIT} draft owner", email="draft-owner@secret.example.org")
    draft = PlanFactory(
        title=f"{BAIT} draft plan", slug="draft-plan", status=Plan.Status.DRAFT, introduction=BAIT
    )
    draft_goal = GoalFactory(plan=draft, title=f"{BAIT} draft goal", slug="draft-goal", rationale=BAIT)
    draft_objective = ObjectiveFactory(
        goal=draft_goal,
        statement=f"{BAIT} draft objective",
        slug="draft-objective",
        status=Objective.Status.AT_RISK,
        owners=[secret_owner],
    )
    EvidenceFactory(objective=draft_objective, title=f"{BAIT} draft evidence", summary=BAIT)
    draft_key_result = KeyResult.objects.create(
        objective=draft_objective, metric=f"{BAIT} metric", target=900
    )
    KeyResultTarget.objects.create(key_result=draft_key_result, due_on=date(2026, 5, 31), value=BAIT_TARGET)
    record_check_in(draft_objective, status="at_risk", note=f"{BAIT} draft check-in", links=BAIT_LINK)

    public = PlanFactory(title="Public plan", slug="public-plan", status=Plan.Status.ACTIVE)
    goal = GoalFactory(plan=public, title="Public goal", slug="public-goal")
    owner = OwnerFactory(name="Public Owner", slug="public-owner", email="public-owner@private.example.org")
    # A public owner who also works on the draft: filters by plan must not reveal it.
    draft_objective.owners.add(owner)
    objective = ObjectiveFactory(
        goal=goal,
        statement="Public objective is achieved.",
        slug="public-objective",
        status=Objective.Status.ON_TRACK,
        owners=[owner],
    )
    EvidenceFactory(objective=objective, title="Public evidence", summary="Done in public.")
    EvidenceFactory(
        objective=objective,
        title=f"{BAIT} internal evidence",
        summary=f"{BAIT} internal summary",
        url="https://internal.example.org/secret",
        kind=Evidence.Kind.LINK,
        visibility=Evidence.Visibility.INTERNAL,
        happened_on=date(2026, 6, 1),
    )
    # Measured: one public measurement, then an internal one and an internal check-in (by a bot
    # whose token is the public owner's), both newer.
    key_result = KeyResult.objects.create(
        objective=objective, metric="Public hubs", unit="hubs", baseline=0, target=4
    )
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 9, 30), value=3)
    token, _ = ApiToken.issue(owner=owner, name=f"{BAIT} token")
    record_check_in(objective, value=2, happened_on=date(2026, 2, 1), note="Public measurement.")
    record_check_in(
        objective, value=BAIT_VALUE, happened_on=date(2026, 7, 1), note=f"{BAIT} internal measurement",
        visibility=CheckIn.Visibility.INTERNAL, api_token=token, client_key=BAIT,
    )  # fmt: skip
    record_check_in(
        objective, confidence="low", note=f"{BAIT} internal check-in", links=BAIT_LINK,
        visibility=CheckIn.Visibility.INTERNAL, happened_on=date(2026, 7, 2),
    )  # fmt: skip
    # Progress from GitHub: a public issue, and one of a private repository whose title stays off
    # every public surface (they show its reference, "o/secret#3", as the objective's page does).
    from_github = ObjectiveFactory(
        goal=goal, statement="Public objective from GitHub.", slug="public-github",
        progress_source=Objective.ProgressSource.GITHUB, owners=[owner],
    )  # fmt: skip
    GitHubLink.objects.create(
        objective=from_github, url="https://github.com/o/r/issues/1", title="Public issue",
        state="closed", done_count=1, total_count=1, read_at=timezone.now(),
    )  # fmt: skip
    GitHubLink.objects.create(
        objective=from_github, url="https://github.com/o/secret/issues/3", title=f"{BAIT} private issue",
        is_private=True, state="open", done_count=0, total_count=1, read_at=timezone.now(),
    )  # fmt: skip
    return public
