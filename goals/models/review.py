"""Board reviews. A review is the board's record of a meeting; its snapshot freezes every goal and
objective as they stood when it was recorded, so later edits never rewrite the record."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals import rules
from goals.models.key_result import VALUE_FIELD, KeyResult
from goals.models.objective import Objective
from goals.models.plan import Goal, Plan
from goals.querysets import (
    ReviewQuerySet,
    ReviewSnapshotQuerySet,
)


class ReviewFrozenError(Exception):
    """Raised when code tries to rewrite or delete a recorded review or its snapshot."""


class Review(models.Model):
    # Set when the review is recorded; a mistaken review is withdrawn, never rewritten.
    FROZEN_FIELDS = (
        "plan_id", "held_on", "attendees", "notes", "decisions", "plan_progress", "expected_progress",
    )  # fmt: skip

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("plan"))
    held_on = models.DateField(_("meeting date"), help_text=_("The day the board met."))
    attendees = models.TextField(
        help_text=_("Who was there, one name per line."), verbose_name=_("attendees")
    )
    notes = models.TextField(
        blank=True, help_text=_("Markdown. What was discussed."), verbose_name=_("notes")
    )
    decisions = models.TextField(
        blank=True, help_text=_("Markdown. What the board decided."), verbose_name=_("decisions")
    )
    recorded_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text=_("When the snapshot was frozen."),
        verbose_name=_("recorded at"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    plan_progress = models.FloatField(
        null=True,
        editable=False,
        help_text=_("Plan progress when recorded."),
        verbose_name=_("plan progress"),
    )
    expected_progress = models.FloatField(
        null=True,
        editable=False,
        help_text=_("Where the plan should have been on the meeting date."),
        verbose_name=_("expected progress"),
    )
    is_public = models.BooleanField(
        _("shown in public"),
        default=False,
        help_text=_("Shows “Reviewed by the board on …” and the public summary on the public plan page."),
    )
    public_summary = models.TextField(
        blank=True,
        help_text=_("Markdown. Shown in public when the review is public; notes and decisions never are."),
        verbose_name=_("public summary"),
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("withdrawn at"))
    withdrawn_reason = models.TextField(
        blank=True, help_text=_("Why the review was withdrawn."), verbose_name=_("withdrawn reason")
    )

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-recorded_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        get_latest_by = "recorded_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="review_withdrawal_has_reason",
                violation_error_message=_("Say why the review is withdrawn."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(is_public=False),
                name="review_withdrawn_is_not_public",
                violation_error_message=_("A withdrawn review cannot be shown in public."),
            ),
        ]

    def __str__(self):
        return gettext("Board review of %(plan)s on %(day)s") % {
            "plan": self.plan,
            "day": date_format(self.held_on),
        }

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk:
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS, "withdrawn_at").first()
            if stored and any(stored[name] != getattr(self, name) for name in self.FROZEN_FIELDS):
                raise ReviewFrozenError("A recorded review cannot be rewritten; withdraw it instead.")
            if stored and stored["withdrawn_at"] and stored["withdrawn_at"] != self.withdrawn_at:
                raise ReviewFrozenError("A withdrawn review stays withdrawn.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("board:record", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()  # the site's time zone
        # Checked when recorded: the meeting date is frozen afterwards.
        if self._state.adding and self.held_on and self.held_on > today:
            errors["held_on"] = ValidationError(
                _(
                    "The meeting date cannot be after today (%(today)s). "
                    "Record a review once the board has met."
                ),
                code="future",
                params={"today": date_format(today)},
            )
        if self.is_public and not self.public_summary.strip():
            errors["public_summary"] = ValidationError(
                _(
                    "A review shown in public needs a public summary: the public plan page shows it under "
                    "“Reviewed by the board on …”. Write one, or leave the review private."
                ),
                code="public_without_summary",
            )
        if errors:
            raise ValidationError(errors)

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
        GOAL = "goal", _("Goal")
        OBJECTIVE = "objective", _("Objective")

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("review")
    )
    kind = models.CharField(max_length=10, choices=Kind, verbose_name=_("kind"))
    position = models.PositiveIntegerField(
        help_text=_("Order in the plan when recorded."), verbose_name=_("position")
    )
    # Links to the live rows while they exist; the copied text below is what the record shows.
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("goal")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("objective")
    )
    goal_title = models.CharField(max_length=200, verbose_name=_("goal title"))
    objective_statement = models.CharField(max_length=500, blank=True, verbose_name=_("objective statement"))
    status = models.CharField(max_length=12, choices=Objective.Status, blank=True, verbose_name=_("status"))
    progress = models.FloatField(null=True, verbose_name=_("progress"))
    expected_progress = models.FloatField(null=True, verbose_name=_("expected progress"))
    weight = models.PositiveSmallIntegerField(default=1, verbose_name=_("weight"))
    due_on = models.DateField(null=True, verbose_name=_("due on"))
    owners = models.CharField(
        max_length=1000, blank=True, help_text=_("Owner names, comma-separated."), verbose_name=_("owners")
    )
    evidence_count = models.PositiveIntegerField(
        default=0, help_text=_("Public and internal evidence."), verbose_name=_("evidence count")
    )
    public_evidence_count = models.PositiveIntegerField(default=0, verbose_name=_("public evidence count"))
    last_evidence_on = models.DateField(null=True, verbose_name=_("last evidence on"))
    is_overdue = models.BooleanField(default=False, verbose_name=_("is overdue"))
    is_stale = models.BooleanField(default=False, verbose_name=_("is stale"))
    # A measured objective's key result as it stood (an empty metric: not measured).
    metric = models.CharField(max_length=200, blank=True, verbose_name=_("metric"))
    unit = models.CharField(max_length=40, blank=True, verbose_name=_("unit"))
    direction = models.CharField(
        max_length=10, choices=KeyResult.Direction, blank=True, verbose_name=_("direction")
    )
    baseline = models.DecimalField(**VALUE_FIELD, null=True, verbose_name=_("baseline"))
    target = models.DecimalField(**VALUE_FIELD, null=True, verbose_name=_("target"))
    value = models.DecimalField(
        **VALUE_FIELD,
        null=True,
        help_text=_("The newest public measurement: the value the progress counted."),
        verbose_name=_("value"),
    )
    # [{"due_on": "2027-06-30", "value": "1.00"}, ...] in date order, values as exact decimal text;
    # null where there was no key result, and on rows recorded before targets were frozen (0020).
    targets = models.JSONField(
        null=True,
        blank=True,
        help_text=_("The key result's targets on the way, by date."),
        verbose_name=_("targets on the way"),
    )

    objects = ReviewSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["review", "position"]
        verbose_name = _("review snapshot")
        verbose_name_plural = _("review snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "position"],
                name="review_snapshot_position_unique",
                violation_error_message=_("Each row of a snapshot has its own position."),
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
    def is_measured(self):
        return bool(self.metric)

    def target_list(self):
        """The frozen targets on the way as (date, Decimal) pairs, by date; [] when none were kept."""
        return [(date.fromisoformat(t["due_on"]), Decimal(t["value"])) for t in self.targets or []]

    def describe_value(self):
        """ "3 of 2 institutions", "no measurement yet", or "" when the objective was not measured."""
        if not self.is_measured:
            return ""
        if self.value is None:
            return gettext("no measurement yet")
        return rules.value_against_target(self.value, self.target, self.unit, direction=self.direction)

    @property
    def key(self):
        """What identifies the same item across two snapshots."""
        if self.kind == self.Kind.GOAL:
            return ("goal", self.goal_id or self.goal_title)
        return ("objective", self.objective_id or (self.goal_title, self.objective_statement))
