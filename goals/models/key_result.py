"""Key results and check-ins: an objective measured by a number, and every update as one dated entry."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals import rules
from goals.models.api_token import ApiToken
from goals.models.base import TimestampedModel
from goals.models.evidence import short_file_name
from goals.models.objective import Objective
from goals.querysets import CheckInQuerySet, KeyResultQuerySet, KeyResultTargetQuerySet

VALUE_FIELD = {"max_digits": 14, "decimal_places": 2}


class KeyResult(TimestampedModel):
    """What measures an objective: a metric, from a baseline to a target, in a direction."""

    class Direction(models.TextChoices):
        AT_LEAST = rules.AT_LEAST, _("At least")
        AT_MOST = rules.AT_MOST, _("At most")
        EXACTLY = rules.EXACTLY, _("Exactly")

    objective = models.OneToOneField(
        Objective, on_delete=models.CASCADE, related_name="key_result", verbose_name=_("objective")
    )
    metric = models.CharField(
        max_length=200,
        help_text=_("What is counted, e.g. “institutions with a hub”."),
        verbose_name=_("metric"),
    )
    unit = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("Shown after values, e.g. “institutions”."),
        verbose_name=_("unit"),
    )
    baseline = models.DecimalField(
        **VALUE_FIELD, default=0, help_text=_("The value when the work started."), verbose_name=_("baseline")
    )
    target = models.DecimalField(
        **VALUE_FIELD, help_text=_("The value that means done."), verbose_name=_("target")
    )
    direction = models.CharField(
        max_length=10,
        choices=Direction,
        default=Direction.AT_LEAST,
        help_text=_("“At least”: done at or above the target; “at most”: at or below; “exactly”: on it."),
        verbose_name=_("direction"),
    )

    history = HistoricalRecords()
    objects = KeyResultQuerySet.as_manager()

    class Meta:
        ordering = ["objective"]
        verbose_name = _("key result")
        verbose_name_plural = _("key results")

    def __str__(self):
        return f"{self.metric}: {self.get_direction_display().lower()} {rules.format_value(self.target)}"

    def get_absolute_url(self):
        return self.objective.get_absolute_url()

    def clean(self):
        super().clean()
        errors = {}
        message = rules.key_result_problem(self.direction, self.baseline, self.target)
        if message:
            errors["target"] = message
        if rules.unit_problem(self.unit):
            errors["unit"] = rules.unit_problem(self.unit)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A measured objective takes its progress from here: a new target or baseline moves it.
        self.objective.progress_source = Objective.ProgressSource.MEASURED
        self.objective.save()

    def latest_measurement(self):
        """The newest public measurement (it is what progress counts), or None."""
        if hasattr(self.objective, "public_check_ins"):  # with_public_check_ins(): newest first
            return next((c for c in self.objective.public_check_ins if c.value is not None), None)
        return self.objective.check_ins.measurements().public_only().first()

    def describe(self, value=None):
        """ "3 of 2 institutions", "12 days, target at most 7": a value against the target, in the key
        result's words."""
        if value is None:
            return gettext("target %(direction)s %(target)s") % {
                "direction": self.get_direction_display().lower(),
                "target": rules.in_units(self.target, self.unit),
            }
        return rules.value_against_target(value, self.target, self.unit, direction=self.direction)


class KeyResultTarget(models.Model):
    """A target on the way: the value the key result should reach by a date."""

    key_result = models.ForeignKey(
        KeyResult, on_delete=models.CASCADE, related_name="targets", verbose_name=_("key result")
    )
    due_on = models.DateField(_("by"))
    value = models.DecimalField(**VALUE_FIELD, verbose_name=_("value"))

    objects = KeyResultTargetQuerySet.as_manager()

    class Meta:
        ordering = ["key_result", "due_on"]
        verbose_name = _("key result target")
        verbose_name_plural = _("key result targets")
        constraints = [
            models.UniqueConstraint(
                fields=["key_result", "due_on"],
                name="key_result_target_one_per_date",
                violation_error_message=_("This key result already has a target for that date."),
            ),
        ]

    def __str__(self):
        return gettext("%(value)s by %(day)s") % {
            "value": rules.format_value(self.value),
            "day": f"{self.due_on:%Y-%m-%d}",
        }


# Where check-in files are stored under MEDIA_ROOT; goals/public/files.py serves them from there.
CHECK_IN_FILES = "check-ins/"


def check_in_upload_to(instance, filename):
    return f"{CHECK_IN_FILES}{timezone.now():%Y/%m}/{short_file_name(filename)}"


class CheckIn(TimestampedModel):
    """One posted update: status, progress or a measurement, confidence, what happened, who."""

    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Visibility(models.TextChoices):
        PUBLIC = rules.PUBLIC_EVIDENCE, _("Public")
        INTERNAL = "internal", _("Internal (staff and board only)")

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("objective")
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate, help_text=_("When this was true."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        max_length=12,
        choices=Objective.Status,
        blank=True,
        help_text=_("The status after this update."),
        verbose_name=_("status"),
    )
    progress = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percent done, set by hand (not for a measured objective)."),
        verbose_name=_("progress"),
    )
    value = models.DecimalField(
        **VALUE_FIELD,
        null=True,
        blank=True,
        help_text=_("A measurement of the objective's key result."),
        verbose_name=_("value"),
    )
    confidence = models.CharField(max_length=6, choices=Confidence, blank=True, verbose_name=_("confidence"))
    note = models.TextField(_("what happened"), blank=True, help_text=_("Markdown."))
    links = models.TextField(
        blank=True, help_text=_("Web addresses that show the work, one per line."), verbose_name=_("links")
    )
    file = models.FileField(upload_to=check_in_upload_to, blank=True, max_length=300, verbose_name=_("file"))
    visibility = models.CharField(
        max_length=10, choices=Visibility, default=Visibility.PUBLIC, verbose_name=_("visibility")
    )
    client_key = models.CharField(
        max_length=80,
        blank=True,
        help_text=_("Set by API clients: a retry with the same key is stored once."),
        verbose_name=_("client key"),
    )
    api_token = models.ForeignKey(
        ApiToken,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="check_ins",
        verbose_name=_("posted with"),
        help_text=_("The API token that posted it, if one did."),
    )

    history = HistoricalRecords()
    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [
            models.Index(fields=["objective", "visibility", "-happened_on"], name="check_in_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="check_in_progress_between_0_and_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
            models.UniqueConstraint(
                fields=["objective", "client_key"],
                condition=~Q(client_key=""),
                name="check_in_client_key_once",
                violation_error_message=_("This update was already recorded."),
            ),
        ]

    def __str__(self):
        return gettext("Check-in on %(objective)s (%(day)s)") % {
            "objective": self.objective,
            "day": f"{self.happened_on:%Y-%m-%d}",
        }

    def get_absolute_url(self):
        return self.objective.get_absolute_url() + f"#check-in-{self.pk}"

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    def clean(self):
        super().clean()
        # Every writer's rule, the admin's change form included: a link is a web address.
        for link in self.link_list(web_addresses_only=False):
            if (problem := rules.link_problem(link)) is not None:
                raise ValidationError({"links": problem})

    def link_list(self, web_addresses_only=True):
        """The links, one a line; only web addresses unless told otherwise (a row stored before
        the rule, or by a bulk update, links no javascript: or data: address anywhere)."""
        links = [line.strip() for line in self.links.splitlines() if line.strip()]
        return [link for link in links if rules.is_web_address(link)] if web_addresses_only else links

    def author_name(self):
        """The author's owner name (never a login name), or an empty string. Posted with an API
        token for an owner without a login (a bot, a team), it is the token's owner."""
        owner = getattr(self.author, "owner", None) if self.author_id else None
        if owner is None and self.api_token_id:
            owner = self.api_token.owner
        return owner.name if owner else ""
