"""Plan > Goal: the plan's dates and status, its goals, their roll-up."""

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals import rules
from goals.models.base import WEIGHT_HELP, WEIGHT_VALIDATORS, VersionedModel, _memo
from goals.models.github_urls import validate_github_file_url
from goals.querysets import (
    GoalQuerySet,
    PlanQuerySet,
)

# A BCP 47 language tag as people write them: a language, then an optional script, region or variant
# ("es", "pt-BR", "zh-Hant", "ca-valencia"); what the HTML lang attribute takes.
LANGUAGE_TAG = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"
)
validate_language_tag = RegexValidator(
    LANGUAGE_TAG,
    _("Write the language as a code such as “en”, “es”, “pt-BR” or “fr-CA” (a BCP 47 language tag)."),
)


class Plan(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    class CheckInCadence(models.TextChoices):
        WEEKLY = rules.WEEKLY, _("Weekly")
        EVERY_TWO_WEEKS = rules.EVERY_TWO_WEEKS, _("Every two weeks")
        MONTHLY = rules.MONTHLY, _("Monthly")

    title = models.CharField(max_length=200, verbose_name=_("title"))
    slug = models.SlugField(
        max_length=80, unique=True, help_text=_("Used in the plan's web address."), verbose_name=_("slug")
    )
    introduction = models.TextField(
        blank=True, help_text=_("Markdown. Shown at the top of the plan."), verbose_name=_("introduction")
    )
    starts_on = models.DateField(_("start date"))
    due_on = models.DateField(_("due date"), help_text=_("When the plan's objectives should be done."))
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text=_("Drafts are never shown in public. One plan at a time is active: the home page."),
        verbose_name=_("status"),
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text=_(
            "The language the plan is written in, as a code such as “en” or “es”. Empty: the site's "
            "default language. Pages mark the plan's words with it, so screen readers read them right."
        ),
        verbose_name=_("language"),
    )
    check_in_cadence = models.CharField(
        max_length=16,
        choices=CheckInCadence,
        default=CheckInCadence.MONTHLY,
        help_text=_(
            "How often owners are asked for a check-in, counted from an objective's last update. "
            "Each objective may set its own."
        ),
        verbose_name=_("check in cadence"),
    )
    github_source = models.URLField(
        _("source on GitHub"),
        max_length=500,
        blank=True,
        validators=[validate_github_file_url],
        help_text=_(
            "A Markdown file on GitHub this plan is kept in (https://github.com/owner/repo/blob/branch/"
            "path.md). A push that changes it prepares an import for a founder to confirm."
        ),
    )
    # Set by a push delivery that changed the source file; `sync_github` reads it and clears it.
    github_source_due = models.BooleanField(
        default=False, editable=False, verbose_name=_("GitHub source due")
    )

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")),
                name="plan_due_on_not_before_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="plan_single_active",
                violation_error_message=_(
                    "Another plan is already active. Archive it first: only one plan can be active."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:plan", kwargs={"plan_slug": self.slug})

    @property
    def content_language(self):
        """The language of the plan's own words: its `language`, else the site's default."""
        return self.language or settings.LANGUAGE_CODE

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
        return rules.time_left(self.due_on, today or timezone.localdate(), ended=True)

    def objectives_in_order(self):
        return [objective for goal in self.goals_in_order() for objective in goal.objectives_in_order()]


class Goal(VersionedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    slug = models.SlugField(
        max_length=80,
        help_text=_("Used in the goal's web address; unique within its plan."),
        verbose_name=_("slug"),
    )
    rationale = models.TextField(
        blank=True, help_text=_("Markdown. Why this goal matters."), verbose_name=_("rationale")
    )
    order = models.PositiveIntegerField(
        default=0, help_text=_("Goals are listed by this number, lowest first."), verbose_name=_("order")
    )
    weight = models.PositiveSmallIntegerField(
        default=1, validators=WEIGHT_VALIDATORS, help_text=WEIGHT_HELP, verbose_name=_("weight")
    )
    is_archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_(
            "Archived goals are hidden from public pages but kept, with their objectives and evidence."
        ),
    )

    history = HistoricalRecords()
    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slug"],
                name="goal_slug_unique_in_plan",
                violation_error_message=_("Another goal in this plan already uses this slug."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="goal_weight_between_1_and_100",
                violation_error_message=_("The weight must be between 1 and 100."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:goal", kwargs={"plan_slug": self.plan.slug, "goal_slug": self.slug})

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
