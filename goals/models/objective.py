"""Owners and the objectives they are responsible for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from simple_history.models import HistoricalRecords

from goals import rules
from goals.models.base import WEIGHT_HELP, WEIGHT_VALIDATORS, TimestampedModel, VersionedModel, _memo
from goals.models.plan import Goal, Plan
from goals.querysets import (
    ObjectiveQuerySet,
    OwnerQuerySet,
)


class Owner(TimestampedModel):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        TEAM = "team", _("Team")

    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(
        max_length=80, unique=True, help_text=_("Used in the owner's web address."), verbose_name=_("slug")
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PERSON, verbose_name=_("kind"))
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Shown in public, e.g. “Executive Director”."),
        verbose_name=_("role"),
    )
    link = models.URLField(
        blank=True, help_text=_("A public page about this person or team."), verbose_name=_("link")
    )
    email = models.EmailField(
        blank=True,
        help_text=_("Private: never shown on public pages or in the API."),
        verbose_name=_("email"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owner",
        help_text=_("The login that may post updates for this owner's objectives."),
        verbose_name=_("user"),
    )

    history = HistoricalRecords()
    objects = OwnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:owner", kwargs={"owner_slug": self.slug})


# What ObjectiveQuerySet.with_standing() annotates.
STANDING_DATES = (
    "public_evidence_on",
    "evidence_on",
    "public_check_in_on",
    "check_in_on",
    "last_public_measurement_on",
    "last_measurement_on",
)


def _newest(*days):
    return max((day for day in days if day), default=None)


class Objective(VersionedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    class ProgressSource(models.TextChoices):
        STATUS = rules.FROM_STATUS, _("Derived from status")
        MANUAL = rules.BY_HAND, _("Set by hand")
        MEASURED = rules.MEASURED, _("Measured (key result)")
        GITHUB = rules.GITHUB, _("From GitHub")

    STATUS_PROGRESS = rules.STATUS_PROGRESS

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("goal")
    )
    statement = models.CharField(
        max_length=500, help_text=_("What will be true when this is done."), verbose_name=_("statement")
    )
    slug = models.SlugField(
        max_length=80, help_text=_("Used in the web address; unique within its goal."), verbose_name=_("slug")
    )
    description = models.TextField(
        blank=True, help_text=_("Markdown. Optional detail."), verbose_name=_("description")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    status = models.CharField(
        max_length=12, choices=Status, default=Status.NOT_STARTED, verbose_name=_("status")
    )
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percent done, 0 to 100. Ignored when progress is derived from status."),
        verbose_name=_("progress"),
    )
    progress_source = models.CharField(
        max_length=10,
        choices=ProgressSource,
        default=ProgressSource.STATUS,
        help_text=_(
            "“Derived from status”: not started 0, under way 50, done 100. “Measured”: from the newest "
            "public measurement of its key result, from baseline to target. “From GitHub”: the share of "
            "its linked issues and pull requests that are done, as last read from GitHub."
        ),
        verbose_name=_("progress source"),
    )
    due_on = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Leave empty to use the plan's due date.")
    )
    weight = models.PositiveSmallIntegerField(
        default=1, validators=WEIGHT_VALIDATORS, help_text=WEIGHT_HELP, verbose_name=_("weight")
    )
    check_in_cadence = models.CharField(
        max_length=16,
        choices=Plan.CheckInCadence,
        blank=True,
        help_text=_("How often its owners are asked for a check-in. Leave empty to use the plan's."),
        verbose_name=_("check in cadence"),
    )
    owners = models.ManyToManyField(Owner, blank=True, related_name="objectives", verbose_name=_("owners"))
    status_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When status or progress last changed."),
        verbose_name=_("status updated at"),
    )
    reviewed_at = models.DateTimeField(
        _("last reviewed"), null=True, blank=True, editable=False, help_text=_("When staff last reviewed it.")
    )
    history = HistoricalRecords(m2m_fields=[owners])
    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "order", "pk"]
        # A context: the handbook's errors use the bare word "objective" with its article.
        verbose_name = pgettext_lazy("model name", "objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "slug"],
                name="objective_slug_unique_in_goal",
                violation_error_message=_("Another objective in this goal already uses this slug."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="objective_progress_between_0_and_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="objective_weight_between_1_and_100",
                violation_error_message=_("The weight must be between 1 and 100."),
            ),
        ]

    def __str__(self):
        return self.statement

    def save(self, *args, **kwargs):
        if self.progress_source == self.ProgressSource.STATUS:
            self.progress = self.STATUS_PROGRESS[self.status]
        elif self.progress_source == self.ProgressSource.MEASURED and self.pk:
            self.progress = self.measured_progress()
        elif self.progress_source == self.ProgressSource.GITHUB and self.pk:
            self.progress = self.github_progress()
        current = (self.status, self.progress)
        if self._state.adding:
            # Creating (or importing) an objective that has not started is not news about the work:
            # staleness then runs from the plan's start, so an old plan imported today still shows as
            # not updated. One created with a status of its own is a real update.
            if current != (self.Status.NOT_STARTED, 0):
                self.status_updated_at = timezone.now()
            self._loaded_status = current
        elif (loaded := getattr(self, "_loaded_status", None)) != current:
            # A measured objective's progress moves with each measurement, a check-in dated on its
            # own (and the rules read its activity from those): only a new status is news for it.
            if not (
                self.progress_source == self.ProgressSource.MEASURED and loaded and loaded[0] == self.status
            ):
                self.status_updated_at = timezone.now()
            self._loaded_status = current
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "status_updated_at", "progress"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "public:objective",
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
            message = _("The due date cannot be before the plan starts (%(starts)s).")
            raise ValidationError({"due_on": message % {"starts": date_format(plan.starts_on)}})

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

    def measured_progress(self):
        """rules.measured_progress from the key result's newest public measurement (0 without one)."""
        key_result = getattr(self, "key_result", None)
        if key_result is None:
            return 0
        latest = key_result.latest_measurement()
        return rules.measured_progress(
            key_result.direction, key_result.baseline, key_result.target, latest.value if latest else None
        )

    @property
    def has_key_result(self):
        return hasattr(self, "key_result")

    def check_in_takes(self):
        """rules.check_in_takes: which of "value" and "progress" a check-in on this objective takes."""
        return rules.check_in_takes(self.progress_source, has_key_result=self.has_key_result)

    def where_progress_comes_from(self):
        """rules.where_progress_comes_from: plain words when a check-in cannot set progress, or ""."""
        return rules.where_progress_comes_from(self.progress_source, has_key_result=self.has_key_result)

    def github_progress(self):
        """rules.github_progress over the links' last read counts (0 before any read)."""
        return rules.github_progress(link.counts for link in self.github_links.all())

    def github_source(self):
        """Where progress from GitHub comes from: done and total, the oldest read, whether a read is
        failing, and the links (GitHubLink: url, shown_title, read_at…). The objective page, the
        owners' page, the API and the CSV all say it from here."""
        links = list(self.github_links.all())
        done, total = rules.github_totals(link.counts for link in links)
        reads = [link.read_at for link in links if link.read_at]
        return {
            "done": done,
            "total": total,
            "read_at": min(reads, default=None),
            "failing": any(link.failure for link in links),
            "links": links,
        }

    @property
    def last_public_evidence_on(self):
        """The newest public evidence or check-in: what the public sees as the latest update."""
        self._ensure_evidence_dates()
        return _newest(self.public_evidence_on, self.public_check_in_on)

    @property
    def last_evidence_on(self):
        """The newest evidence or check-in of any visibility."""
        self._ensure_evidence_dates()
        return _newest(self.evidence_on, self.check_in_on)

    def _ensure_evidence_dates(self):
        """The dates the rules read: annotated by with_standing(), else asked for here."""
        if "public_evidence_on" not in self.__dict__:
            dates = type(self).objects.with_standing().filter(pk=self.pk).values(*STANDING_DATES).first()
            self.__dict__.update(dates or dict.fromkeys(STANDING_DATES))

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

        return _memo(self, ("standing", today, include_internal), compute, loaded_by="public_evidence_on")

    def check_in_due_on(self, today=None):
        """rules.check_in_due_on: the day the next check-in is due, or None when none is asked for."""
        return self.standing(today).check_in_due_on

    def check_in_cadence_label(self):
        """ "Monthly", "Every two weeks": the cadence that applies (its own, else the plan's)."""
        return Plan.CheckInCadence(rules.check_in_cadence(self, self.goal.plan)).label

    def is_check_in_due(self, today=None):
        """A check-in is due on `today` (default: the site's today)."""
        return self.standing(today).check_in_due

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


# A count of objectives in a status is a phrase of its own ("2 done"), with the plural forms
# the language needs: the status label is a singular adjective ("Completado") that cannot take one.
_STATUS_COUNTS = {
    Objective.Status.NOT_STARTED: ngettext_lazy("%(count)s not started", "%(count)s not started", "count"),
    Objective.Status.ON_TRACK: ngettext_lazy("%(count)s on track", "%(count)s on track", "count"),
    Objective.Status.AT_RISK: ngettext_lazy("%(count)s at risk", "%(count)s at risk", "count"),
    Objective.Status.OFF_TRACK: ngettext_lazy("%(count)s off track", "%(count)s off track", "count"),
    Objective.Status.DONE: ngettext_lazy("%(count)s done", "%(count)s done", "count"),
    Objective.Status.DROPPED: ngettext_lazy("%(count)s dropped", "%(count)s dropped", "count"),
}


def status_count(status, count):
    """ "2 done", "1 off track": how many objectives are in a status, in words."""
    return _STATUS_COUNTS[status] % {"count": count}
