"""What the API answers and the filters it takes: every field listed one by one, so a field
added to a model (an owner's e-mail, say) never reaches the API by accident."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict

from goals.models import CheckIn, Evidence, GitHubLink, KeyResult, Objective, Owner
from goals.rules import FLAG_NAMES, PUBLIC_PLAN_STATUSES

# Choices as inline enums: two models' `Kind` classes would otherwise share one OpenAPI component.
OwnerKind = Literal[tuple(Owner.Kind.values)]
EvidenceKind = Literal[tuple(Evidence.Kind.values)]
ObjectiveStatus = Literal[tuple(Objective.Status.values)]
Flag = Literal[FLAG_NAMES]
ProgressSource = Literal[tuple(Objective.ProgressSource.values)]
PublicPlanStatus = Literal[PUBLIC_PLAN_STATUSES]
Direction = Literal[tuple(KeyResult.Direction.values)]
Confidence = Literal[tuple(CheckIn.Confidence.values)]
Visibility = Literal[tuple(CheckIn.Visibility.values)]
GitHubKind = Literal[tuple(GitHubLink.Kind.values)]

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _iso_only(value):
    # Pydantic would also read "0.5" as a Unix timestamp; the OpenAPI document promises ISO 8601.
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise ValueError("Use an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z.")
    return value


# Dates at the ends of the calendar overflow when shifted to UTC for the database; clamping them
# keeps the meaning ("since year 1": everything; "since 9999": nothing).
EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC)


def _aware(value):
    if not EARLIEST.year <= value.year < LATEST.year:
        return EARLIEST if value.year < EARLIEST.year else LATEST
    value = value if timezone.is_aware(value) else timezone.make_aware(value)
    # In UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
    return value.astimezone(UTC)


UpdatedSince = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_aware)]


def _iso_day_only(value):
    # Pydantic would also read 1767225600 (a Unix time) as a date.
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise ValueError("Use an ISO 8601 date, e.g. 2026-01-31.")
    return value


# Printable ASCII after the scheme (spaces and other characters percent-encoded): one pattern that
# the OpenAPI document states and the check below applies, so what the document allows is accepted.
WEB_ADDRESS = r"^https?://[!-~]+$"


def _web_address(value):
    if not re.match(WEB_ADDRESS, value):
        raise ValueError("Use a web address starting with https:// or http://, without spaces.")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day_only)]
WebAddress = Annotated[
    str, Field(max_length=500, json_schema_extra={"pattern": WEB_ADDRESS}), AfterValidator(_web_address)
]


def absolute(request, path):
    return request.build_absolute_uri(path)


# Schemas. Every field is listed on purpose: nothing reaches the API unless it is named here.


# Every plan, goal and objective says which language its words are in, so that a program showing
# them can mark them (a page's lang="…", a screen reader's voice).
LANGUAGE_DESCRIPTION = (
    "The language of the plan's own words (titles, statements, notes) as a BCP 47 tag such as `en` "
    "or `es`: the plan's, else the site's default."
)


class NotFound(Schema):
    detail: str


class InvalidQuery(Schema):
    detail: list[dict[str, Any]] = Field(description="What is wrong with which query parameter.")


class InvalidInput(Schema):
    detail: list[dict[str, Any]] = Field(
        description='What is wrong with which field: `loc` names it (`["body", "payload", field]`), '
        "`msg` says why."
    )


class Refused(Schema):
    detail: str = Field(description="Why, in plain words.")


class OwnerRef(Schema):
    slug: str
    name: str


class OwnerOut(Schema):
    slug: str
    name: str
    kind: OwnerKind
    role: str
    link: str = Field(description="A public page about this person or team, or an empty string.")
    html_url: str

    @staticmethod
    def resolve_html_url(owner, context):
        return absolute(context["request"], owner.get_absolute_url())


class EvidenceOut(Schema):
    id: int
    plan: str
    goal: str
    objective: str
    title: str
    kind: EvidenceKind
    link: str = Field(description="Where to see it, or an empty string.")
    file_url: str | None = Field(description="The uploaded document, if any.")
    happened_on: date
    summary: str = Field(description="Markdown.")
    metric_value: float | None
    metric_unit: str
    html_url: str
    updated_at: datetime

    @staticmethod
    def resolve_plan(evidence):
        return evidence.objective.goal.plan.slug

    @staticmethod
    def resolve_goal(evidence):
        return evidence.objective.goal.slug

    @staticmethod
    def resolve_objective(evidence):
        return evidence.objective.slug

    @staticmethod
    def resolve_link(evidence):
        return evidence.url

    @staticmethod
    def resolve_file_url(evidence, context):
        return absolute(context["request"], evidence.file.url) if evidence.file else None

    @staticmethod
    def resolve_metric_value(evidence):
        return None if evidence.metric_value is None else float(evidence.metric_value)

    @staticmethod
    def resolve_html_url(evidence, context):
        return absolute(context["request"], evidence.get_absolute_url())


class KeyResultTargetOut(Schema):
    due_on: date = Field(description="The date by which the key result should reach `value`.")
    value: float


class KeyResultOut(Schema):
    metric: str = Field(description="What is counted.")
    unit: str
    baseline: float = Field(description="The value when the work started.")
    target: float
    direction: Direction = Field(description="Done at or above the target, at or below it, or on it.")
    targets: list[KeyResultTargetOut] = Field(
        description="Targets on the way to `target`, by date; empty when it has none."
    )
    current_value: float | None = Field(description="The newest public measurement; null before the first.")
    measured_on: date | None = Field(description="The date of that measurement.")


class CheckInOut(Schema):
    id: int
    plan: str
    goal: str
    objective: str
    happened_on: date
    status: ObjectiveStatus | None = Field(
        description="The objective's status after this update, if it set one."
    )
    progress: int | None = Field(description="Percent done, if it set progress by hand.")
    value: float | None = Field(description="A measurement of the objective's key result.")
    confidence: Confidence | None
    note: str = Field(description="What happened (Markdown).")
    links: list[str]
    visibility: Visibility
    author: str = Field(description="The owner who posted it (a name, never a login), or an empty string.")
    created_at: datetime
    html_url: str

    @staticmethod
    def resolve_plan(check_in):
        return check_in.objective.goal.plan.slug

    @staticmethod
    def resolve_goal(check_in):
        return check_in.objective.goal.slug

    @staticmethod
    def resolve_objective(check_in):
        return check_in.objective.slug

    @staticmethod
    def resolve_status(check_in):
        return check_in.status or None

    @staticmethod
    def resolve_value(check_in):
        return None if check_in.value is None else float(check_in.value)

    @staticmethod
    def resolve_confidence(check_in):
        return check_in.confidence or None

    @staticmethod
    def resolve_links(check_in):
        return check_in.link_list()

    @staticmethod
    def resolve_author(check_in):
        return check_in.author_name()

    @staticmethod
    def resolve_html_url(check_in, context):
        return absolute(context["request"], check_in.get_absolute_url())


class CheckInIn(Schema):
    """A check-in: any of status, progress (unmeasured objectives), value (measured ones), a note
    or links; retries with the same `client_key` are stored once."""

    model_config = ConfigDict(extra="forbid")

    happened_on: IsoDay | None = Field(None, description="When this was true (default: today).")
    status: ObjectiveStatus | None = Field(None, description="The objective's status from now on.")
    progress: int | None = Field(
        None, ge=0, le=100, strict=True, description="Percent done, for an objective without a key result."
    )
    value: Decimal | None = Field(
        None,
        max_digits=14,
        decimal_places=2,
        allow_inf_nan=False,
        description="A measurement of the objective's key result.",
    )
    confidence: Confidence | None = None
    note: str = Field("", max_length=20000, description="What happened (Markdown).")
    links: list[WebAddress] = Field(
        default_factory=list, max_length=20, description="Web addresses that show the work (at most 20)."
    )
    visibility: Visibility = Field(
        CheckIn.Visibility.PUBLIC.value, description="`internal`: staff and the board only."
    )
    client_key: str = Field(
        "",
        max_length=80,
        description="Any string you choose, e.g. the date of the figure: a retry with a key already "
        "recorded for this objective changes nothing and answers 200 with the first check-in.",
    )

    def arguments(self):
        """Keyword arguments for goals.check_ins.record_check_in."""
        return {
            "happened_on": self.happened_on,
            "status": self.status or "",
            "progress": self.progress,
            "value": self.value,
            "confidence": self.confidence or "",
            "note": self.note,
            "links": "\n".join(self.links),
            "visibility": self.visibility,
            "client_key": self.client_key,
        }


class GitHubLinkOut(Schema):
    url: str
    title: str = Field(
        description="GitHub's title, as last read; for an item of a private repository or project, "
        "only its reference (`owner/repo#12`), as on the objective's page."
    )
    kind: GitHubKind
    state: str = Field(description="As GitHub last said (`open`, `closed`, `merged`, a project's column).")
    done: int | None = Field(description="Of `total`, how many are done; null before the first read.")
    total: int | None = Field(
        description="Items it counts for: a milestone's issues, a parent issue's sub-issues, else 1."
    )
    read_at: datetime | None = Field(description="When it was last read from GitHub; null: never.")
    failing: bool = Field(description="The last read failed: its figures are from `read_at`.")

    @staticmethod
    def resolve_title(link):
        return link.shown_title

    @staticmethod
    def resolve_done(link):
        return link.counts[0] if link.counts else None

    @staticmethod
    def resolve_total(link):
        return link.counts[1] if link.counts else None

    @staticmethod
    def resolve_failing(link):
        return link.is_failing


class GitHubSourceOut(Schema):
    done: int = Field(description="Linked items done, over every link read.")
    total: int
    read_at: datetime | None = Field(
        description="The oldest of the links' last reads: the progress is at least as recent as this."
    )
    failing: bool = Field(description="The last read of a link failed.")
    links: list[GitHubLinkOut]


class ObjectiveOut(Schema):
    plan: str
    goal: str
    slug: str
    language: str = Field(description=LANGUAGE_DESCRIPTION)
    statement: str
    description: str = Field(description="Markdown.")
    status: ObjectiveStatus
    status_label: str
    progress: int = Field(description="Percent done, 0 to 100.")
    progress_source: ProgressSource
    due_on: date = Field(description="The objective's due date, or its plan's when it has none.")
    weight: int
    owners: list[OwnerRef]
    expected_progress: float | None = Field(description="Where it should be today if work moved evenly.")
    flags: list[Flag] = Field(
        description="What needs attention, as on the public pages (public evidence only counts)."
    )
    last_evidence_on: date | None = Field(description="Date of the newest public evidence.")
    key_result: KeyResultOut | None = Field(
        description="What measures it, with the newest public measurement; null when it is not measured."
    )
    github: GitHubSourceOut | None = Field(
        description="Where its progress from GitHub came from and when it was read; null when its "
        "progress is not from GitHub."
    )
    status_updated_at: datetime | None
    updated_at: datetime
    html_url: str

    @staticmethod
    def resolve_plan(objective):
        return objective.goal.plan.slug

    @staticmethod
    def resolve_goal(objective):
        return objective.goal.slug

    @staticmethod
    def resolve_language(objective):
        return objective.goal.plan.content_language

    @staticmethod
    def resolve_status_label(objective):
        return objective.get_status_display()

    @staticmethod
    def resolve_due_on(objective):
        return objective.effective_due_on

    @staticmethod
    def resolve_owners(objective):
        return objective.owners_in_order()

    @staticmethod
    def resolve_expected_progress(objective):
        return objective.standing().expected

    @staticmethod
    def resolve_flags(objective):
        return objective.standing().flags

    @staticmethod
    def resolve_last_evidence_on(objective):
        return objective.last_public_evidence_on

    @staticmethod
    def resolve_key_result(objective):
        key_result = getattr(objective, "key_result", None)
        if key_result is None:
            return None
        # Both public only: `current_value` from with_key_result(), the date from with_standing().
        current = objective.current_value
        return {
            "metric": key_result.metric,
            "unit": key_result.unit,
            "baseline": float(key_result.baseline),
            "target": float(key_result.target),
            "direction": key_result.direction,
            # Prefetched by with_key_result(targets=True), in date order (the model's ordering).
            "targets": [{"due_on": t.due_on, "value": float(t.value)} for t in key_result.targets.all()],
            "current_value": None if current is None else float(current),
            "measured_on": objective.last_public_measurement_on if current is not None else None,
        }

    @staticmethod
    def resolve_github(objective):
        if objective.progress_source != Objective.ProgressSource.GITHUB:
            return None
        return objective.github_source()

    @staticmethod
    def resolve_html_url(objective, context):
        return absolute(context["request"], objective.get_absolute_url())


class ObjectiveDetailOut(ObjectiveOut):
    evidence: list[EvidenceOut] = Field(description="Public evidence, newest first.")
    check_ins: list[CheckInOut] = Field(description="Public check-ins and measurements, newest first.")

    @staticmethod
    def resolve_evidence(objective):
        return objective.public_evidence

    @staticmethod
    def resolve_check_ins(objective):
        return objective.public_check_ins


class GoalOut(Schema):
    plan: str
    slug: str
    language: str = Field(description=LANGUAGE_DESCRIPTION)
    title: str
    rationale: str = Field(description="Markdown.")
    order: int
    weight: int
    progress: float | None = Field(
        description="Weighted mean of its objectives, 0 to 100 (dropped left out)."
    )
    expected_progress: float | None = Field(description="Where it should be today if work moved evenly.")
    is_behind: bool = Field(description="More than 10 points behind an even pace (never once it ended).")
    objective_count: int
    updated_at: datetime
    html_url: str

    @staticmethod
    def resolve_plan(goal):
        return goal.plan.slug

    @staticmethod
    def resolve_language(goal):
        return goal.plan.content_language

    @staticmethod
    def resolve_expected_progress(goal):
        return goal.standing().expected

    @staticmethod
    def resolve_is_behind(goal):
        return goal.standing().behind

    @staticmethod
    def resolve_objective_count(goal):
        return len(goal.objectives_in_order())

    @staticmethod
    def resolve_html_url(goal, context):
        return absolute(context["request"], goal.get_absolute_url())


class GoalDetailOut(GoalOut):
    objectives: list[ObjectiveOut]

    @staticmethod
    def resolve_objectives(goal):
        return goal.objectives_in_order()


class PlanLinks(Schema):
    markdown: str = Field(description="The plan in the handbook Markdown format the importer reads.")
    objectives_csv: str
    feed: str = Field(description="Atom feed of progress updates and new evidence.")
    badge: str = Field(description="SVG badge with the plan's progress.")


class PlanOut(Schema):
    slug: str
    language: str = Field(description=LANGUAGE_DESCRIPTION)
    title: str
    introduction: str = Field(description="Markdown.")
    status: PublicPlanStatus = Field(description="`active` (the current plan) or `archived`.")
    starts_on: date
    due_on: date
    progress: float | None
    expected_progress: float | None
    is_behind: bool = Field(description="More than 10 points behind an even pace (never once it ended).")
    has_ended: bool
    goal_count: int
    updated_at: datetime
    html_url: str
    links: PlanLinks

    @staticmethod
    def resolve_language(plan):
        return plan.content_language

    @staticmethod
    def resolve_expected_progress(plan):
        return plan.standing().expected

    @staticmethod
    def resolve_is_behind(plan):
        return plan.standing().behind

    @staticmethod
    def resolve_has_ended(plan):
        return plan.has_ended()

    @staticmethod
    def resolve_goal_count(plan):
        return len(plan.goals_in_order())

    @staticmethod
    def resolve_html_url(plan, context):
        return absolute(context["request"], plan.get_absolute_url())

    @staticmethod
    def resolve_links(plan, context):
        request = context["request"]
        kwargs = {"plan_slug": plan.slug}
        return {
            "markdown": absolute(request, reverse("opendata:plan-markdown", kwargs=kwargs)),
            "objectives_csv": absolute(request, reverse("opendata:plan-objectives-csv", kwargs=kwargs)),
            "feed": absolute(request, reverse("opendata:plan-feed", kwargs=kwargs)),
            "badge": absolute(request, reverse("opendata:plan-badge", kwargs=kwargs)),
        }


class PlanDetailOut(PlanOut):
    goals: list[GoalOut]

    @staticmethod
    def resolve_goals(plan):
        return plan.goals_in_order()


class OwnerDetailOut(OwnerOut):
    objectives: list[ObjectiveOut] = Field(
        description="Objectives of public plans this owner is responsible for."
    )

    @staticmethod
    def resolve_objectives(owner):
        return owner.public_objectives


# Filters. Each is optional; together they narrow the list (AND).


class PlanFilter(FilterSchema):
    status: PublicPlanStatus | None = Field(
        None, description="`active` or `archived` (drafts are never listed)."
    )
    updated_since: Annotated[UpdatedSince | None, FilterLookup("updated_at__gte")] = Field(
        None, description="Changed at or after."
    )


class GoalFilter(FilterSchema):
    plan: Annotated[str | None, FilterLookup("plan__slug")] = Field(None, description="Plan slug.")
    updated_since: Annotated[UpdatedSince | None, FilterLookup("updated_at__gte")] = Field(
        None, description="Changed at or after."
    )


class ObjectiveFilter(FilterSchema):
    plan: Annotated[str | None, FilterLookup("goal__plan__slug")] = Field(None, description="Plan slug.")
    goal: Annotated[str | None, FilterLookup("goal__slug")] = Field(None, description="Goal slug.")
    status: ObjectiveStatus | None = None
    owner: Annotated[str | None, FilterLookup("owners__slug")] = Field(None, description="Owner slug.")
    updated_since: Annotated[UpdatedSince | None, FilterLookup("updated_at__gte")] = Field(
        None, description="Changed (including status or progress) at or after."
    )


class OwnerFilter(FilterSchema):
    plan: str | None = Field(None, description="Plan slug.")

    def filter_plan(self, value):
        # A plain objectives__goal__plan__slug lookup would join objectives a second time, outside
        # the privacy rule, and so answer for draft plans too: go through public objectives.
        if value is None:
            return Q()
        return Q(objectives__in=Objective.objects.public().filter(goal__plan__slug=value))


class EvidenceFilter(FilterSchema):
    plan: Annotated[str | None, FilterLookup("objective__goal__plan__slug")] = Field(
        None, description="Plan slug."
    )
    goal: Annotated[str | None, FilterLookup("objective__goal__slug")] = Field(None, description="Goal slug.")
    objective: Annotated[str | None, FilterLookup("objective__slug")] = Field(
        None, description="Objective slug."
    )
    owner: Annotated[str | None, FilterLookup("objective__owners__slug")] = Field(
        None, description="Owner slug."
    )
    updated_since: Annotated[UpdatedSince | None, FilterLookup("updated_at__gte")] = Field(
        None, description="Changed at or after."
    )
