from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from goals.models import Evidence, Goal, Objective, Owner, Plan


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Plan {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    introduction = "An introduction."
    # A year around the day the test runs: fixed dates would make an active plan end, and its
    # objectives overdue, as the calendar moves on (CI may run on any later day).
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=180))
    due_on = factory.LazyAttribute(lambda plan: plan.starts_on + timedelta(days=365))
    status = Plan.Status.ARCHIVED


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    slug = factory.Sequence(lambda n: f"goal-{n}")
    rationale = "Because."
    order = factory.Sequence(lambda n: n)


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    name = factory.Sequence(lambda n: f"Owner {n}")
    slug = factory.Sequence(lambda n: f"owner-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.slug}@private.example.org")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective
        skip_postgeneration_save = True

    goal = factory.SubFactory(GoalFactory)
    statement = factory.Sequence(lambda n: f"Objective {n} is achieved.")
    slug = factory.Sequence(lambda n: f"objective-{n}")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Evidence {n}")
    kind = Evidence.Kind.NOTE
    happened_on = date(2026, 3, 1)
    summary = "Something was done."
