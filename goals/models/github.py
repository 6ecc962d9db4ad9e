"""GitHub as a source: the issues, pull requests, milestones and project items an objective is
linked to, what was last read from them, the webhook deliveries seen, and plans prepared from a
repository file that wait for a founder's confirmation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models.base import TimestampedModel
from goals.models.github_urls import (
    ISSUE,
    MILESTONE,
    PROJECT_ITEM,
    PULL,
    is_within_repositories,
    parse_github_url,
)
from goals.models.objective import Objective
from goals.models.plan import Plan
from goals.querysets import GitHubLinkQuerySet


class GitHubLink(TimestampedModel):
    class Kind(models.TextChoices):
        ISSUE = ISSUE, _("Issue")
        PULL = PULL, _("Pull request")
        MILESTONE = MILESTONE, _("Milestone")
        PROJECT_ITEM = PROJECT_ITEM, _("Project item")

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="github_links", verbose_name=_("objective")
    )
    url = models.URLField(
        _("GitHub URL"),
        max_length=500,
        help_text=_("The web address of an issue, pull request, milestone or project item on github.com."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, editable=False)
    owner = models.CharField(max_length=100, editable=False, verbose_name=_("owner"))
    repo = models.CharField(max_length=100, editable=False, verbose_name=_("repo"))
    number = models.PositiveIntegerField(editable=False, verbose_name=_("number"))
    item_id = models.BigIntegerField(null=True, blank=True, editable=False, verbose_name=_("item ID"))

    # What was last read (left as it was when a read fails).
    title = models.CharField(_("title"), max_length=300, blank=True, editable=False)
    state = models.CharField(
        _("state"), max_length=100, blank=True, editable=False, help_text=_("As GitHub last said.")
    )
    done_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("done count")
    )
    total_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("total count")
    )
    is_private = models.BooleanField(
        default=False,
        editable=False,
        help_text=_(
            "A private repository or project: its titles stay off public pages, its evidence internal."
        ),
        verbose_name=_("is private"),
    )
    read_at = models.DateTimeField(_("read from GitHub"), null=True, blank=True, editable=False)
    failure = models.CharField(_("last failure"), max_length=300, blank=True, editable=False)
    failed_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("failed at"))
    etags = models.JSONField(default=dict, blank=True, editable=False, verbose_name=_("ETags"))
    # Set by a webhook delivery; `sync_github --queued` reads these links and clears it.
    sync_requested_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("sync requested at")
    )
    # A run's claim, so that two runs at once do not both read the same link.
    claimed_until = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("claimed until")
    )

    objects = GitHubLinkQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "pk"]
        verbose_name = _("GitHub link")
        verbose_name_plural = _("GitHub links")
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "url"],
                name="github_link_once_per_objective",
                violation_error_message=_("This objective is already linked to that URL."),
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.url

    def clean(self):
        super().clean()
        try:
            self.set_from_url()
        except ValidationError as error:
            raise ValidationError({"url": error.messages}) from error

    def set_from_url(self):
        item = parse_github_url(self.url)
        self.url = self.url.strip()
        self.kind, self.owner, self.repo, self.number, self.item_id = (
            item.kind,
            item.owner,
            item.repo,
            item.number,
            item.item_id,
        )

    def save(self, *args, **kwargs):
        if not self.kind:
            self.set_from_url()
        super().save(*args, **kwargs)

    @property
    def label(self):
        """ "2i2c-org/infrastructure#12", "milestone 3 of 2i2c-org/infrastructure", "project 5 item 77"."""
        if self.kind == self.Kind.PROJECT_ITEM:
            return _("item %(item)s of project %(number)s of %(owner)s") % {
                "item": self.item_id,
                "number": self.number,
                "owner": self.owner,
            }
        if self.kind == self.Kind.MILESTONE:
            return _("milestone %(number)s of %(owner)s/%(repo)s") % {
                "number": self.number,
                "owner": self.owner,
                "repo": self.repo,
            }
        return f"{self.owner}/{self.repo}#{self.number}"

    @property
    def shown_title(self):
        """What every public surface calls it: GitHub's title, but only its label for an item of a
        private repository or project (whose title stays off public pages), or before a read."""
        return self.label if self.is_private or not self.title else self.title

    @property
    def repository(self):
        """ "owner/repo", or for a project item its owner alone."""
        return self.owner if self.kind == self.Kind.PROJECT_ITEM else f"{self.owner}/{self.repo}"

    def is_outside_repositories(self):
        """Whether GITHUB_REPOSITORIES names repositories and this link's is not one of them."""
        patterns = settings.GITHUB_REPOSITORIES
        return bool(patterns) and not is_within_repositories(self.repository, patterns)

    @classmethod
    def refusal(cls, url, user):
        """Why `user` may not link this URL, in words, or None when they may (or the URL names no
        item: the URL's own validation says so)."""
        try:
            item = parse_github_url(url)
        except ValidationError:
            return None
        patterns = settings.GITHUB_REPOSITORIES
        if patterns:
            if item.is_within(patterns):
                return None
            return _(
                "This site links only to the GitHub repositories %(allowed)s, and %(repository)s is not one "
                "of them. A founder can add it to the GITHUB_REPOSITORIES setting."
            ) % {"allowed": ", ".join(patterns), "repository": item.repository}
        if user.has_perm("goals.link_unlisted_github_repository"):
            return None
        return _(
            "Only founders can link GitHub items until the site names the repositories it may read "
            "(the GITHUB_REPOSITORIES setting): ask a founder to link it, or to set it."
        )

    @property
    def counts(self):
        """(done, total) this link adds to progress from GitHub, or None before the first read."""
        if self.done_count is None or self.total_count is None:
            return None
        return self.done_count, self.total_count

    @property
    def is_failing(self):
        return bool(self.failure)


class GitHubDelivery(models.Model):
    """A webhook delivery accepted once: its X-GitHub-Delivery id, so a replay is refused."""

    delivery_id = models.CharField(max_length=100, unique=True, verbose_name=_("delivery ID"))
    event = models.CharField(max_length=50, verbose_name=_("event"))
    received_at = models.DateTimeField(default=timezone.now, verbose_name=_("received at"))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("GitHub delivery")
        verbose_name_plural = _("GitHub deliveries")

    def __str__(self):
        return f"{self.event} {self.delivery_id}"


class PlanImport(TimestampedModel):
    """A plan's Markdown, read from a repository file or uploaded in the admin, prepared as a dry
    run: nothing changes until a founder confirms it in the admin."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed and imported")
        DISCARDED = "discarded", _("Discarded")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="imports", verbose_name=_("plan")
    )
    source_url = models.URLField(
        _("source file"), max_length=500, blank=True, help_text=_("The file on GitHub it was read from.")
    )
    file_name = models.CharField(
        _("uploaded file"),
        max_length=255,
        blank=True,
        help_text=_("The name of the file uploaded in the admin."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    slug = models.SlugField(
        max_length=80, help_text=_("The plan the import creates or updates."), verbose_name=_("slug")
    )
    text = models.TextField(editable=False, verbose_name=_("text"))
    commit_sha = models.CharField(max_length=64, blank=True, editable=False, verbose_name=_("commit SHA"))
    changes = models.JSONField(
        default=list, editable=False, help_text=_("The dry run's changes."), verbose_name=_("changes")
    )
    state = models.CharField(max_length=10, choices=State, default=State.WAITING, verbose_name=_("state"))
    decided_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        constraints = [
            # One waiting import per plan: a newer push or upload replaces the one not yet confirmed.
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(state="waiting"),
                name="plan_import_one_waiting_per_slug",
                violation_error_message=_("An import of this plan is already waiting for confirmation."),
            ),
            models.CheckConstraint(
                condition=~Q(source_url="") | ~Q(file_name=""),
                name="plan_import_has_a_source",
                violation_error_message=_("An import comes from a file on GitHub or an uploaded file."),
            ),
        ]

    def __str__(self):
        return _("Import of %(slug)s from %(source)s") % {"slug": self.slug, "source": self.source}

    def get_absolute_url(self):
        return reverse("admin:goals_planimport_change", args=[self.pk])

    @property
    def source(self):
        """Where the text came from: the GitHub file's address or the uploaded file's name."""
        return self.source_url or self.file_name

    def where(self, line):
        """A line of the file, as import_plan names it: `plan.md:7` for an upload, `line 7` else."""
        if self.file_name:
            return f"{self.file_name}:{line}"
        return _("line %(line)s") % {"line": line}
