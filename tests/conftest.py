from pathlib import Path

import pytest

# The admin and roles tests' fixtures (one user per role, two owners' objectives).
pytest_plugins = ["tests.roles"]

SEED = Path(__file__).resolve().parent.parent / "goals" / "seeds" / "2i2c-strategy.md"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Real hashers take ~0.5 s per password; tests do not need that protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def site_language():
    # A request in Spanish leaves its language active in the thread (LocaleMiddleware does not
    # reset it), so every test starts, and ends, in the site's default language.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_plan(db, seed_text):
    """The 2i2c bootstrap strategy, imported as the active plan."""
    from goals.handbook.importer import import_plan
    from goals.handbook.markdown import parse_plan

    return import_plan(parse_plan(seed_text), status="active").plan


@pytest.fixture(autouse=True)
def empty_page_cache():
    # LocMem outlives a test, and a rolled-back test database repeats content versions.
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture
def sample_plan(db):
    """An active plan a third of the way through, with every status, owners, and evidence of each kind.

    Dates are relative to today, so flags (behind, overdue, stale) come out the same on any day.
    """
    from datetime import timedelta

    from django.utils import timezone

    from goals.models import Evidence, Objective, Plan
    from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

    today = timezone.localdate()
    plan = PlanFactory(
        title="Community cloud plan",
        slug="community-cloud",
        introduction="We will run **open** infrastructure for research.",
        starts_on=today - timedelta(days=120),
        due_on=today + timedelta(days=240),
        status=Plan.Status.ACTIVE,
    )
    ada = OwnerFactory(name="Ada Lovelace", slug="ada", role="Director of Engineering")
    team = OwnerFactory(name="Partnerships team", slug="partnerships", kind="team", role="")
    hubs = GoalFactory(
        plan=plan, title="Run reliable hubs", slug="hubs", rationale="Users need **uptime**.", order=1
    )
    funding = GoalFactory(
        plan=plan, title="Secure funding", slug="funding", rationale="Money *matters*.", order=2
    )
    s = Objective.Status
    uptime = ObjectiveFactory(
        goal=hubs, statement="Hubs reach 99.9% uptime", slug="uptime", status=s.ON_TRACK, owners=[ada]
    )
    ObjectiveFactory(
        goal=hubs,
        statement="Ten new hubs are launched",
        slug="ten-hubs",
        status=s.AT_RISK,
        owners=[ada, team],
        progress_source=Objective.ProgressSource.MANUAL,
        progress=10,
    )
    # Its status was last set three months ago: stale.
    Objective.objects.filter(slug="ten-hubs").update(status_updated_at=timezone.now() - timedelta(days=90))
    ObjectiveFactory(goal=hubs, statement="Old hubs are retired", slug="retire", status=s.DONE, owners=[team])
    ObjectiveFactory(
        goal=funding,
        statement="Two grants are won",
        slug="grants",
        status=s.OFF_TRACK,
        owners=[team],
        due_on=today - timedelta(days=10),
    )
    ObjectiveFactory(goal=funding, statement="A donor page exists", slug="donors", status=s.NOT_STARTED)
    ObjectiveFactory(goal=funding, statement="A gala is held", slug="gala", status=s.DROPPED)
    EvidenceFactory(
        objective=uptime,
        title="Status page launched",
        kind=Evidence.Kind.LINK,
        url="https://status.example.org/",
        happened_on=today - timedelta(days=30),
        summary="See the [status page](https://status.example.org/).",
    )
    EvidenceFactory(
        objective=uptime,
        title="Uptime for the quarter",
        kind=Evidence.Kind.METRIC,
        metric_value="99.95",
        metric_unit="% uptime",
        happened_on=today - timedelta(days=5),
        summary="",
    )
    EvidenceFactory(
        objective=uptime,
        title="Post-mortem of the March outage",
        kind=Evidence.Kind.NOTE,
        happened_on=today - timedelta(days=90),
        summary="We **fixed** the root cause.",
    )
    EvidenceFactory(
        objective=uptime,
        title="Internal incident review",
        kind=Evidence.Kind.NOTE,
        visibility=Evidence.Visibility.INTERNAL,
        happened_on=today - timedelta(days=1),
        summary="Names of customers affected.",
    )
    return plan


@pytest.fixture
def archived_plan(db):
    from datetime import date

    from goals.models import Objective, Plan
    from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

    plan = PlanFactory(
        title="Founding plan",
        slug="founding",
        starts_on=date(2019, 1, 1),
        due_on=date(2019, 12, 31),
        status=Plan.Status.ARCHIVED,
    )
    goal = GoalFactory(plan=plan, title="Incorporate", slug="incorporate")
    ObjectiveFactory(goal=goal, statement="The company exists", slug="company", status=Objective.Status.DONE)
    return plan


@pytest.fixture
def measured_objective(sample_plan):
    """A measured objective of the sample plan ("/plans/community-cloud/goals/hubs/objectives/
    institutions/"): from 0 to 3 institutions with a target on the way, and check-ins over four
    months by two owners, public and internal, with Markdown notes and a long link."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from goals.check_ins import record_check_in
    from goals.models import Goal, KeyResult, KeyResultTarget, Objective, Owner
    from tests.factories import ObjectiveFactory, UserFactory

    today = timezone.localdate()
    ada = Owner.objects.get(slug="ada")
    ada.user = UserFactory(username="ada-login", is_staff=True)
    ada.save()
    georgiana = Owner.objects.create(
        name="Georgiana Dolocan", slug="georgiana", user=UserFactory(username="gd-login")
    )
    objective = ObjectiveFactory(
        goal=Goal.objects.get(plan=sample_plan, slug="hubs"),
        statement="2i2c manages JupyterHubs for at least three institutions",
        slug="institutions",
        status=Objective.Status.NOT_STARTED,
        owners=[ada, georgiana],
        order=4,
    )
    key_result = KeyResult.objects.create(
        objective=objective,
        metric="Institutions with a managed hub",
        unit="institutions",
        baseline=0,
        target=3,
    )
    KeyResultTarget.objects.create(key_result=key_result, due_on=today + timedelta(days=30), value=2)
    entries = [
        (110, dict(value=Decimal(0), status="on_track", note="Pilot agreements drafted.", author=ada.user)),
        (
            80,
            dict(value=Decimal(1), confidence="medium", note="The **first** hub is live.", author=ada.user),
        ),
        (
            50,
            dict(
                note="Contract details for the second institution.",
                visibility="internal",
                author=georgiana.user,
            ),
        ),
        (
            35,
            dict(
                value=Decimal(2),
                confidence="high",
                author=georgiana.user,
                links="https://github.com/2i2c-org/infrastructure/issues/1234567890/comments-and-a-long-anchor\n"
                "https://2i2c.org/blog/",
            ),
        ),
        (12, dict(value=Decimal(1), visibility="internal", note="A pilot may end early.", author=ada.user)),
        (6, dict(status="at_risk", confidence="low", note="One institution may leave.", author=ada.user)),
    ]
    for days_ago, fields in entries:
        record_check_in(objective, happened_on=today - timedelta(days=days_ago), **fields)
    return objective
