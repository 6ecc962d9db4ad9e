"""Every read a page makes goes through one of these named methods.

The privacy rule (what the public may see) is written once per model, in `public()`, and every
public view, feed, export and API endpoint starts from it.
"""

from functools import reduce
from operator import add, and_, or_

from django.conf import settings
from django.db import connection, models
from django.db.models import Case, F, OuterRef, Prefetch, Q, Subquery, When

from goals.rules import PUBLIC_EVIDENCE, PUBLIC_PLAN_STATUSES


def is_public(obj):
    """Whether `obj` is one of its model's `.public()` rows, as the database has it now."""
    return obj.pk is not None and type(obj).objects.public().filter(pk=obj.pk).exists()


# How PostgreSQL reads a language's words, by the language's primary subtag: stemmed ("hubs" finds
# "hub", "investigaciones" finds "investigación"); any other language word for word ("simple").
# Migration 0016 has a GIN index per configuration and searched table: a language added here needs
# its indexes there (docs/design.md, "Search").
SEARCH_CONFIGS = {"en": "english", "es": "spanish"}
OTHER_LANGUAGES_SEARCH_CONFIG = "simple"


def search_vector(title, body, config):
    """The words of `title` (weight A) and the `body` fields (weight B), as PostgreSQL's `config`
    reads them: the expression migration 0016 indexes, so it must not change without it."""
    from django.contrib.postgres.search import SearchVector

    vectors = [SearchVector(title, weight="A", config=config)]
    vectors += [SearchVector(field, weight="B", config=config) for field in body]
    return reduce(add, vectors)


def written_in(language_field):
    """{search configuration: the rows whose plan's language (`language_field`) it reads}; each row
    is in one. An empty language is the site's default, as in Plan.content_language."""
    default = settings.LANGUAGE_CODE.split("-")[0].lower()
    conditions = {}
    for code, config in SEARCH_CONFIGS.items():
        # The primary subtag, in any case: "es", "ES", "es-MX".
        condition = Q(**{f"{language_field}__iregex": rf"^{code}(-|$)"})
        if code == default:
            condition |= Q(**{language_field: ""})
        conditions[config] = condition
    conditions[OTHER_LANGUAGES_SEARCH_CONFIG] = ~reduce(or_, conditions.values())
    return conditions


def text_search(queryset, title, body, query, *, language_field):
    """Rows of `queryset` matching `query` in the `title` field or the `body` fields, best first.

    On PostgreSQL, full-text search in the plan's language (`language_field`, see written_in): the query
    in web-search syntax (words, "a phrase", -not, or), ranked with the title weighing more than the
    body, matched through the indexes of migration 0016. Elsewhere (SQLite), every word must appear
    in one of the fields, case-insensitively, and rows keep their model's order.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        languages = written_in(language_field)
        vectors = {f"search_{config}": search_vector(title, body, config) for config in languages}
        queries = {config: SearchQuery(query, search_type="websearch", config=config) for config in languages}
        # One branch per configuration, each on its own index's expression: PostgreSQL reads the
        # indexes' matches together (a BitmapOr), then keeps a row if its plan's language is the
        # branch's. The language comes first, so only the row's own vector is computed again.
        matches = reduce(
            or_, (languages[config] & Q(**{f"search_{config}": queries[config]}) for config in languages)
        )
        *stemmed, other = [SearchRank(F(f"search_{config}"), queries[config]) for config in languages]
        rank = Case(
            *(When(languages[config], then=r) for config, r in zip(languages, stemmed, strict=False)),
            default=other,
        )
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        return queryset.alias(**vectors).filter(matches).annotate(rank=rank).order_by("-rank", *ordering)
    words = query.replace('"', " ").split()
    if not words:
        return queryset.none()
    fields = [title, *body]
    in_any_field = [reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words]
    return queryset.filter(reduce(and_, in_any_field))


class PlanQuerySet(models.QuerySet):
    def public(self):
        """Plans anyone may see: everything but drafts."""
        return self.filter(status__in=PUBLIC_PLAN_STATUSES)

    def matching(self, query):
        """Plans whose title or introduction match a search, best first."""
        return text_search(self, "title", ["introduction"], query, language_field="language")

    def active(self):
        """The plan shown on the home page (at most one, by constraint)."""
        return self.filter(status="active")

    def with_standing(self, *, evidence=False, github=False, targets=False):
        """Goals (archived ones left out) with their objectives' standing inputs and owners;
        with `evidence`, each objective's public evidence too, newest first; with `github`, their
        GitHub links (where progress from GitHub came from); with `targets`, their key results'
        targets on the way."""
        from goals.models import Goal

        goals = (
            Goal.objects.on_plan()
            .order_by("order", "pk")
            .with_standing(evidence=evidence, github=github, targets=targets)
        )
        return self.prefetch_related(
            Prefetch(
                "goals",
                queryset=goals,
                to_attr="goal_list",
            )
        )


class GoalQuerySet(models.QuerySet):
    def public(self):
        """Goals of public plans, archived goals left out."""
        return self.filter(plan__status__in=PUBLIC_PLAN_STATUSES, is_archived=False)

    def on_plan(self):
        """Goals that are part of their plan: archived ones are kept on record, off the plan."""
        return self.filter(is_archived=False)

    def matching(self, query):
        """Goals whose title or rationale match a search, best first."""
        return text_search(self, "title", ["rationale"], query, language_field="plan__language")

    def with_standing(self, *, evidence=False, github=False, targets=False):
        """Objectives in order with their standing inputs and owners (and public evidence, GitHub
        links, and their key results' targets on the way)."""
        from goals.models import Objective

        objectives = (
            Objective.objects.order_by("order", "pk")
            .with_standing()
            .with_key_result(targets=targets)
            .with_owners()
        )
        if evidence:
            objectives = objectives.with_public_evidence()
        if github:
            objectives = objectives.with_github_links()
        return self.prefetch_related(Prefetch("objectives", queryset=objectives, to_attr="objective_list"))


class ObjectiveQuerySet(models.QuerySet):
    def public(self):
        """Objectives of public plans, those of archived goals left out."""
        return self.filter(goal__plan__status__in=PUBLIC_PLAN_STATUSES, goal__is_archived=False)

    def for_owner(self, owner):
        """Objectives the given owner is responsible for."""
        return self.filter(owners=owner)

    def matching(self, query):
        """Objectives whose statement or description match a search, best first."""
        return text_search(self, "statement", ["description"], query, language_field="goal__plan__language")

    def owned_by(self, user):
        """Objectives whose owners include the Owner linked to this login."""
        return self.filter(owners__user=user).distinct()

    def with_standing(self):
        """Annotate what the rules (goals/rules.py) read besides the row: the newest evidence and the
        newest check-in, public and of any kind, and the newest public and any measurement.

        Objective.last_public_evidence_on and .last_evidence_on are the newer of an evidence date and a
        check-in date, combined in Python so that each subquery runs once per objective."""
        from goals.models import CheckIn, Evidence

        # Subqueries rather than a join and GROUP BY: each is a short walk of an index by objective
        # (measured on PostgreSQL: 2.3 ms against 9.1 ms for the 2i2c plan's objectives).
        def newest(model, **conditions):
            rows = model.objects.filter(objective=OuterRef("pk"), **conditions).order_by("-happened_on")
            return Subquery(rows.values("happened_on")[:1])

        public = {"visibility": PUBLIC_EVIDENCE}
        return self.annotate(
            public_evidence_on=newest(Evidence, **public),
            evidence_on=newest(Evidence),
            public_check_in_on=newest(CheckIn, **public),
            check_in_on=newest(CheckIn),
            last_public_measurement_on=newest(CheckIn, value__isnull=False, **public),
            last_measurement_on=newest(CheckIn, value__isnull=False),
        )

    def with_key_result(self, *, targets=False):
        """The key result, and the newest public measured value as `current_value` (for lists);
        with `targets`, its targets on the way too."""
        from goals.models import CheckIn

        latest = CheckIn.objects.filter(
            objective=OuterRef("pk"), value__isnull=False, visibility=PUBLIC_EVIDENCE
        ).order_by("-happened_on", "-pk")
        queryset = self.select_related("key_result").annotate(
            current_value=Subquery(latest.values("value")[:1])
        )
        return queryset.prefetch_related("key_result__targets") if targets else queryset

    def with_public_check_ins(self):
        """Prefetch public check-ins, newest first, with their authors' owners, as `public_check_ins`."""
        from goals.models import CheckIn

        return self.prefetch_related(
            Prefetch(
                "check_ins",
                queryset=CheckIn.objects.public_only()
                .select_related("author__owner", "api_token__owner")
                .order_by("-happened_on", "-pk"),
                to_attr="public_check_ins",
            )
        )

    def with_owners(self):
        """Prefetch owners, by name, as `owner_list`."""
        from goals.models import Owner

        return self.prefetch_related(
            Prefetch("owners", queryset=Owner.objects.order_by("name"), to_attr="owner_list")
        )

    def in_plan_order(self):
        """Active plans first, then newest due date; goals and objectives in their own order."""
        return self.order_by(
            "goal__plan__status",
            "-goal__plan__due_on",
            "goal__plan__pk",
            "goal__order",
            "goal__pk",
            "order",
            "pk",
        )

    def with_github_links(self):
        """Prefetch the objective's GitHub links, in the order they were added (`github_links.all()`)."""
        return self.prefetch_related("github_links")

    def with_public_evidence(self):
        """Prefetch public evidence, newest first, as `public_evidence`."""
        from goals.models import Evidence

        return self.prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.public_only().order_by("-happened_on", "-pk"),
                to_attr="public_evidence",
            )
        )


class GitHubLinkQuerySet(models.QuerySet):
    def public(self):
        """Links of public objectives: the objective page shows them."""
        from goals.models import Objective

        return self.filter(objective__in=Objective.objects.public())

    def failing(self):
        """Links whose last read failed: they show "not updated since …"."""
        return self.exclude(failure="")

    def in_repository(self, owner, repo):
        """Links to an issue, pull request or milestone of one repository (GitHub ignores case)."""
        return self.filter(owner__iexact=owner, repo__iexact=repo).exclude(kind="project_item")


class OwnerQuerySet(models.QuerySet):
    def public(self):
        """Owners with at least one objective in a public plan."""
        return self.filter(
            objectives__goal__plan__status__in=PUBLIC_PLAN_STATUSES, objectives__goal__is_archived=False
        ).distinct()


class EvidenceQuerySet(models.QuerySet):
    def public_only(self):
        """Evidence marked public, whatever its plan (combine with a public objective queryset)."""
        return self.filter(visibility=PUBLIC_EVIDENCE)

    def matching(self, query):
        """Evidence whose title or summary match a search, best first."""
        return text_search(
            self, "title", ["summary"], query, language_field="objective__goal__plan__language"
        )

    def public(self):
        """Evidence anyone may see: public items on objectives of public plans."""
        return self.public_only().filter(
            objective__goal__plan__status__in=PUBLIC_PLAN_STATUSES, objective__goal__is_archived=False
        )


class KeyResultQuerySet(models.QuerySet):
    def public(self):
        """Key results of public objectives."""
        return self.filter(
            objective__goal__plan__status__in=PUBLIC_PLAN_STATUSES, objective__goal__is_archived=False
        )


class KeyResultTargetQuerySet(models.QuerySet):
    def public(self):
        """Targets of the key results of public objectives."""
        return self.filter(
            key_result__objective__goal__plan__status__in=PUBLIC_PLAN_STATUSES,
            key_result__objective__goal__is_archived=False,
        )


class CheckInQuerySet(models.QuerySet):
    def public_only(self):
        """Check-ins marked public, whatever their plan (combine with a public objective queryset)."""
        return self.filter(visibility=PUBLIC_EVIDENCE)

    def public(self):
        """Check-ins anyone may see: public ones on objectives of public plans."""
        return self.public_only().filter(
            objective__goal__plan__status__in=PUBLIC_PLAN_STATUSES, objective__goal__is_archived=False
        )

    def measurements(self):
        """Check-ins that measured the key result, newest first."""
        return self.filter(value__isnull=False).order_by("-happened_on", "-pk")

    def matching(self, query):
        """Check-ins whose note matches a search, best first."""
        return text_search(self, "note", [], query, language_field="objective__goal__plan__language")


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        """Tokens that were not revoked."""
        return self.filter(revoked_at__isnull=True)


class ReviewQuerySet(models.QuerySet):
    def current(self):
        """Reviews that stand: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def for_plan(self, plan):
        """A plan's reviews, newest meeting first, withdrawn ones included."""
        return self.filter(plan=plan).order_by("-held_on", "-recorded_at")

    def public(self):
        """Reviews anyone may see: shown in public by the board, not withdrawn, of a public plan."""
        return self.current().filter(is_public=True, plan__status__in=PUBLIC_PLAN_STATUSES)

    def public_for(self, plan):
        """Reviews of a plan the board chose to show in public, newest first."""
        return self.public().filter(plan=plan).order_by("-held_on", "-recorded_at", "-pk")

    def last_for(self, plan):
        """The most recently recorded review of a plan that stands, or None."""
        return self.current().filter(plan=plan).order_by("-recorded_at").first()


class ReviewSnapshotQuerySet(models.QuerySet):
    """Snapshot rows are written once, by bulk_create when a review is recorded, and never again."""

    def update(self, **kwargs):
        from goals.models import ReviewFrozenError

        raise ReviewFrozenError("A review's snapshot is never edited.")

    def delete(self):
        from goals.models import ReviewFrozenError

        raise ReviewFrozenError("A review's snapshot is never deleted.")
