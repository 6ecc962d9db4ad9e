"""The plan's data model: Plan > Goal > Objective, with Owners and Evidence."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import rules
from .querysets import (
    EvidenceQuerySet,
    GoalQuerySet,
    ObjectiveQuerySet,
    OwnerQuerySet,
    PlanQuerySet,
    ReviewQuerySet,
    ReviewSnapshotQuerySet,
)

WEIGHT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(100)]
WEIGHT_HELP = "How much this counts in the roll-up, from 1 to 100 (1 = same as the others)."


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.__dict__.pop("_standing_memo", None)  # figures worked out before this change
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_standing_memo", None)
        super().refresh_from_db(*args, **kwargs)


class Plan(TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the plan's web address.")
    introduction = models.TextField(blank=True, help_text="Markdown. Shown at the top of the plan.")
    starts_on = models.DateField("start date")
    due_on = models.DateField("due date", help_text="When the plan's objectives should be done.")
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Drafts are never shown in public. One plan at a time is active: the home page.",
    )

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")),
                name="plan_due_on_not_before_start",
                violation_error_message="The due date cannot be before the start date.",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="plan_single_active",
                violation_error_message=(
                    "Another plan is already active. Archive it first: only one plan can be active."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:plan", kwargs={"plan_slug": self.slug})

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT

    def goals_in_order(self):
        """The goals on the plan (archived ones left out), from the prefetch when a page made one."""
        if hasattr(self, "goal_list"):
            return self.goal_list
        return list(self.goals.on_plan().order_by("order", "pk"))

    def standing(self, today=None):
        """rules.plan_standing for this plan on `today` (default: the site's today), worked out once."""
        today = today or timezone.localdate()
        return _memo(
            self,
            ("standing", today),
            lambda: rules.plan_standing(self.goals_in_order(), self, today),
            loaded_by="goal_list",
        )

    @property
    def progress(self):
        return self.standing().progress

    def expected_progress(self, today=None):
        return self.standing(today).expected

    @property
    def is_archived(self):
        return self.status == self.Status.ARCHIVED

    def has_ended(self, today=None):
        return rules.has_ended(self, today or timezone.localdate())

    def is_behind(self, today=None):
        return self.standing(today).behind

    def time_left(self, today=None):
        return rules.time_left(self.due_on, today or timezone.localdate(), ended_word="ended")

    def objectives_in_order(self):
        return [objective for goal in self.goals_in_order() for objective in goal.objectives_in_order()]


def _memo(instance, key, compute, *, loaded_by):
    """What a rule gave for an instance that a page loaded with its inputs (the attribute
    `loaded_by`), kept on it: a page asks for the same standing several times. Anything else is
    worked out afresh, so an instance changed in memory never answers with old figures."""
    if not hasattr(instance, loaded_by):
        return compute()
    memo = instance.__dict__.setdefault("_standing_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class Goal(TimestampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80, help_text="Used in the goal's web address; unique within its plan."
    )
    rationale = models.TextField(blank=True, help_text="Markdown. Why this goal matters.")
    order = models.PositiveIntegerField(default=0, help_text="Goals are listed by this number, lowest first.")
    weight = models.PositiveSmallIntegerField(default=1, validators=WEIGHT_VALIDATORS, help_text=WEIGHT_HELP)
    is_archived = models.BooleanField(
        "archived",
        default=False,
        help_text="Archived goals are hidden from public pages but kept, with their objectives and evidence.",
    )

    history = HistoricalRecords()
    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slug"],
                name="goal_slug_unique_in_plan",
                violation_error_message="Another goal in this plan already uses this slug.",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="goal_weight_between_1_and_100",
                violation_error_message="The weight must be between 1 and 100.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:goal", kwargs={"plan_slug": self.plan.slug, "goal_slug": self.slug})

    def objectives_in_order(self):
        """The objectives, from the prefetch when a page made one."""
        if hasattr(self, "objective_list"):
            return self.objective_list
        return list(self.objectives.order_by("order", "pk").with_standing())

    def standing(self, today=None):
        """rules.goal_standing for this goal on `today`, worked out once."""
        today = today or timezone.localdate()
        return _memo(
            self,
            ("standing", today),
            lambda: rules.goal_standing(self.objectives_in_order(), self.plan, today),
            loaded_by="objective_list",
        )

    @property
    def progress(self):
        return self.standing().progress

    def expected_progress(self, today=None):
        return self.standing(today).expected

    def open_objectives(self):
        return [objective for objective in self.objectives_in_order() if not objective.is_done]

    def is_behind(self, today=None):
        return self.standing(today).behind


class Owner(TimestampedModel):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        TEAM = "team", "Team"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the owner's web address.")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PERSON)
    role = models.CharField(
        max_length=200, blank=True, help_text="Shown in public, e.g. “Executive Director”."
    )
    link = models.URLField(blank=True, help_text="A public page about this person or team.")
    email = models.EmailField(blank=True, help_text="Private: never shown on public pages or in the API.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owner",
        help_text="The login that may post updates for this owner's objectives.",
    )

    history = HistoricalRecords()
    objects = OwnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("goals:owner", kwargs={"owner_slug": self.slug})


class Objective(TimestampedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    class ProgressSource(models.TextChoices):
        STATUS = "status", "Derived from status"
        MANUAL = "manual", "Set by hand"

    STATUS_PROGRESS = rules.STATUS_PROGRESS

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    statement = models.CharField(max_length=500, help_text="What will be true when this is done.")
    slug = models.SlugField(max_length=80, help_text="Used in the web address; unique within its goal.")
    description = models.TextField(blank=True, help_text="Markdown. Optional detail.")
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent done, 0 to 100. Ignored when progress is derived from status.",
    )
    progress_source = models.CharField(
        max_length=10,
        choices=ProgressSource,
        default=ProgressSource.STATUS,
        help_text="“Derived from status”: not started 0, under way 50, done 100.",
    )
    due_on = models.DateField(
        "due date", null=True, blank=True, help_text="Leave empty to use the plan's due date."
    )
    weight = models.PositiveSmallIntegerField(default=1, validators=WEIGHT_VALIDATORS, help_text=WEIGHT_HELP)
    owners = models.ManyToManyField(Owner, blank=True, related_name="objectives")
    status_updated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When status or progress last changed."
    )
    reviewed_at = models.DateTimeField(
        "last reviewed", null=True, blank=True, editable=False, help_text="When staff last reviewed it."
    )
    # Optimistic locking: every save increments it; an edit form made from an older version is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(m2m_fields=[owners])
    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "slug"],
                name="objective_slug_unique_in_goal",
                violation_error_message="Another objective in this goal already uses this slug.",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="objective_progress_between_0_and_100",
                violation_error_message="Progress must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="objective_weight_between_1_and_100",
                violation_error_message="The weight must be between 1 and 100.",
            ),
        ]

    def __str__(self):
        return self.statement

    def save(self, *args, **kwargs):
        if self.progress_source == self.ProgressSource.STATUS:
            self.progress = self.STATUS_PROGRESS[self.status]
        current = (self.status, self.progress)
        if self._state.adding:
            # Creating (or importing) an objective that has not started is not news about the work:
            # staleness then runs from the plan's start, so an old plan imported today still shows as
            # not updated. One created with a status of its own is a real update.
            if current != (self.Status.NOT_STARTED, 0):
                self.status_updated_at = timezone.now()
            self._loaded_status = current
        elif getattr(self, "_loaded_status", None) != current:
            self.status_updated_at = timezone.now()
            self._loaded_status = current
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "status_updated_at", "progress"}
        if self.pk is not None and not self._state.adding:
            # From the database, not from self: a reverted old version must still move forward.
            current = type(self).objects.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = (current or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "goals:objective",
            kwargs={
                "plan_slug": self.goal.plan.slug,
                "goal_slug": self.goal.slug,
                "objective_slug": self.slug,
            },
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = (instance.__dict__.get("status"), instance.__dict__.get("progress"))
        return instance

    def clean(self):
        super().clean()
        # An objective added inline on a new goal has its goal in memory but no goal_id yet.
        goal = self.goal if self.goal_id or Objective.goal.is_cached(self) else None
        plan = goal.plan if goal is not None and goal.plan_id else None
        if plan and self.due_on and self.due_on < plan.starts_on:
            starts = f"{plan.starts_on.day} {plan.starts_on:%B %Y}"
            raise ValidationError({"due_on": f"The due date cannot be before the plan starts ({starts})."})

    @property
    def effective_due_on(self):
        return self.due_on or self.goal.plan.due_on

    @property
    def is_done(self):
        return rules.is_done(self.status)

    def owners_in_order(self):
        if hasattr(self, "owner_list"):
            return self.owner_list
        return list(self.owners.order_by("name"))

    def _ensure_evidence_dates(self):
        """The two evidence dates the rules read: annotated by with_standing(), else asked for here."""
        if not hasattr(self, "last_public_evidence_on"):
            dates = self.evidence.aggregate(
                last_public_evidence_on=Max("happened_on", filter=Q(visibility=rules.PUBLIC_EVIDENCE)),
                last_evidence_on=Max("happened_on"),
            )
            self.last_public_evidence_on = dates["last_public_evidence_on"]
            self.last_evidence_on = dates["last_evidence_on"]

    def standing(self, today=None, *, include_internal=False):
        """rules.objective_standing on `today`; internal evidence counts as activity only with
        `include_internal` (the board's view)."""
        today = today or timezone.localdate()

        def compute():
            self._ensure_evidence_dates()
            return rules.objective_standing(
                self,
                self.goal.plan,
                today,
                stale_after_days=settings.STRATEGY_STALE_AFTER_DAYS,
                include_internal=include_internal,
            )

        return _memo(
            self, ("standing", today, include_internal), compute, loaded_by="last_public_evidence_on"
        )

    def flags(self, today=None):
        """The public flags that apply: a subset of "overdue", "behind", "stale", in that order."""
        return self.standing(today).flags

    def is_overdue(self, today=None):
        return self.standing(today).overdue

    def is_stale(self, today=None):
        return self.standing(today).stale

    def is_behind(self, today=None):
        """Trailing the even pace from plan start to due date (overdue objectives say so instead)."""
        return self.standing(today).behind

    def last_activity_on(self):
        """The newest of: public evidence, a status or progress change."""
        return self.standing().last_activity_on

    def row_flags(self, today=None):
        """Flags for a list row (rules.row_flags: a plan that has ended speaks for late rows)."""
        today = today or timezone.localdate()
        return rules.row_flags(
            self.standing(today), due_on=self.effective_due_on, plan_due_on=self.goal.plan.due_on, today=today
        )

    def time_left(self, today=None):
        return rules.time_left(self.effective_due_on, today or timezone.localdate())

    def expected_progress(self, today=None):
        return self.standing(today).expected


def evidence_upload_to(instance, filename):
    return f"evidence/{timezone.now():%Y/%m}/{filename}"


class Evidence(TimestampedModel):
    class Kind(models.TextChoices):
        LINK = "link", "Link"
        DOCUMENT = "document", "Document"
        METRIC = "metric", "Metric"
        NOTE = "note", "Note"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        INTERNAL = "internal", "Internal (staff and board only)"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.NOTE)
    url = models.URLField("link", max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=300)
    happened_on = models.DateField("date", default=timezone.localdate, help_text="When this happened.")
    summary = models.TextField(blank=True, help_text="Markdown. What was done, in a few lines.")
    metric_value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="For metrics: the figure."
    )
    metric_unit = models.CharField(max_length=40, blank=True, help_text="For metrics: e.g. “hubs”, “USD”.")
    visibility = models.CharField(
        max_length=10,
        choices=Visibility,
        default=Visibility.PUBLIC,
        help_text="Internal evidence is never shown on public pages, feeds or the API.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name_plural = "evidence"
        indexes = [
            # The newest public item of each objective, read once per objective on the plan page.
            models.Index(
                fields=["objective", "visibility", "-happened_on"], name="evidence_latest_by_objective"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["note", "metric"]) | ~Q(url="") | ~Q(file=""),
                name="evidence_link_or_document_has_target",
                violation_error_message="A link or document needs a link or an uploaded file.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.objective.get_absolute_url() + f"#evidence-{self.pk}"

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC


# Board reviews (issue 5). A review is the board's record of a meeting; its snapshot freezes every
# goal and objective as they stood when it was recorded, so later edits never rewrite the record.


class ReviewFrozenError(Exception):
    """Raised when code tries to rewrite or delete a recorded review or its snapshot."""


class Review(models.Model):
    # Set when the review is recorded; a mistaken review is withdrawn, never rewritten.
    FROZEN_FIELDS = (
        "plan_id", "held_on", "attendees", "notes", "decisions", "plan_progress", "expected_progress",
    )  # fmt: skip

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("meeting date", help_text="The day the board met.")
    attendees = models.TextField(help_text="Who was there, one name per line.")
    notes = models.TextField(blank=True, help_text="Markdown. What was discussed.")
    decisions = models.TextField(blank=True, help_text="Markdown. What the board decided.")
    recorded_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When the snapshot was frozen."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    plan_progress = models.FloatField(null=True, editable=False, help_text="Plan progress when recorded.")
    expected_progress = models.FloatField(
        null=True, editable=False, help_text="Where the plan should have been on the meeting date."
    )
    is_public = models.BooleanField(
        "shown in public",
        default=False,
        help_text="Shows “Reviewed by the board on …” and the public summary on the public plan page.",
    )
    public_summary = models.TextField(
        blank=True,
        help_text="Markdown. Shown in public when the review is public; notes and decisions never are.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, help_text="Why the review was withdrawn.")

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-recorded_at"]
        get_latest_by = "recorded_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="review_withdrawal_has_reason",
                violation_error_message="Say why the review is withdrawn.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(is_public=False),
                name="review_withdrawn_is_not_public",
                violation_error_message="A withdrawn review cannot be shown in public.",
            ),
        ]

    def __str__(self):
        return f"Board review of {self.plan} on {self.held_on.day} {self.held_on:%B %Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk:
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS, "withdrawn_at").first()
            if stored and any(stored[name] != getattr(self, name) for name in self.FROZEN_FIELDS):
                raise ReviewFrozenError("A recorded review cannot be rewritten; withdraw it instead.")
            if stored and stored["withdrawn_at"] and stored["withdrawn_at"] != self.withdrawn_at:
                raise ReviewFrozenError("A withdrawn review stays withdrawn.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("goals:review-record", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        raise ReviewFrozenError("A recorded review cannot be deleted; withdraw it instead.")

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def attendee_list(self):
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class ReviewSnapshot(models.Model):
    """One goal or objective as it stood when a review was recorded. Never changes."""

    class Kind(models.TextChoices):
        GOAL = "goal", "Goal"
        OBJECTIVE = "objective", "Objective"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="snapshots")
    kind = models.CharField(max_length=10, choices=Kind)
    position = models.PositiveIntegerField(help_text="Order in the plan when recorded.")
    # Links to the live rows while they exist; the copied text below is what the record shows.
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, related_name="+")
    objective = models.ForeignKey(Objective, on_delete=models.SET_NULL, null=True, related_name="+")
    goal_title = models.CharField(max_length=200)
    objective_statement = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Objective.Status, blank=True)
    progress = models.FloatField(null=True)
    expected_progress = models.FloatField(null=True)
    weight = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField(null=True)
    owners = models.CharField(max_length=1000, blank=True, help_text="Owner names, comma-separated.")
    evidence_count = models.PositiveIntegerField(default=0, help_text="Public and internal evidence.")
    public_evidence_count = models.PositiveIntegerField(default=0)
    last_evidence_on = models.DateField(null=True)
    is_overdue = models.BooleanField(default=False)
    is_stale = models.BooleanField(default=False)

    objects = ReviewSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["review", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "position"],
                name="review_snapshot_position_unique",
                violation_error_message="Each row of a snapshot has its own position.",
            ),
        ]

    def __str__(self):
        return self.objective_statement or self.goal_title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReviewFrozenError("A review's snapshot is never edited.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.review.get_absolute_url() + f"#snapshot-{self.pk}"

    def delete(self, *args, **kwargs):
        raise ReviewFrozenError("A review's snapshot is never deleted.")

    @property
    def label(self):
        return str(self)

    @property
    def key(self):
        """What identifies the same item across two snapshots."""
        if self.kind == self.Kind.GOAL:
            return ("goal", self.goal_id or self.goal_title)
        return ("objective", self.objective_id or (self.goal_title, self.objective_statement))


class ContentVersion(models.Model):
    """One row whose number goes up on every change to the plan data; the page cache keys on it.

    It lives in the database because that is the one thing every gunicorn worker (and every host)
    shares: a per-process cache cannot tell worker B that worker A's admin saved something.
    """

    value = models.BigIntegerField(default=0)
    # Unix time of the last change: the Last-Modified of public responses. An integer so that the
    # per-request read stays one plain SQL query with no date parsing.
    changed_at = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"content version {self.value}"
