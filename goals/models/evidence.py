"""Evidence: what was done for an objective, public or internal."""

import os
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals.models.base import TimestampedModel
from goals.models.objective import Objective
from goals.querysets import (
    EvidenceQuerySet,
)

# File systems take at most 255 bytes per name, and Django counts characters (90 CJK characters
# are 270 bytes); 200 leaves room for the "_abc1234" the storage adds when a name is taken.
MAX_FILE_NAME_BYTES = 200


def short_file_name(filename, limit=MAX_FILE_NAME_BYTES):
    """An uploaded file's name made safe to store: the characters the storage keeps (letters of any
    script, digits, "-", "_", "."), no leading dot, cut to `limit` bytes of UTF-8 (never inside a
    character) with its extension kept; "file" when nothing of the name is left."""
    stem, extension = os.path.splitext(os.path.basename(filename.replace("\\", "/")))
    if len(extension.encode()) > 16:  # not an extension anyone uploads: cut it as part of the name
        stem, extension = stem + extension, ""
    stem, extension = (re.sub(r"[^-\w.]", "", part.strip().replace(" ", "_")) for part in (stem, extension))
    kept = stem.lstrip(".").encode()[: limit - len(extension.encode())].decode("utf-8", "ignore")
    return (kept.rstrip("._") or "file") + extension


def evidence_upload_to(instance, filename):
    return f"evidence/{timezone.now():%Y/%m}/{short_file_name(filename)}"


class Evidence(TimestampedModel):
    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        DOCUMENT = "document", _("Document")
        METRIC = "metric", _("Metric")
        NOTE = "note", _("Note")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal (staff and board only)")

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("objective")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.NOTE, verbose_name=_("kind"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=300, verbose_name=_("file"))
    happened_on = models.DateField(_("date"), default=timezone.localdate, help_text=_("When this happened."))
    summary = models.TextField(
        blank=True, help_text=_("Markdown. What was done, in a few lines."), verbose_name=_("summary")
    )
    metric_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For metrics: the figure."),
        verbose_name=_("metric value"),
    )
    metric_unit = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("For metrics: e.g. “hubs”, “USD”."),
        verbose_name=_("metric unit"),
    )
    visibility = models.CharField(
        max_length=10,
        choices=Visibility,
        default=Visibility.PUBLIC,
        help_text=_("Internal evidence is never shown on public pages, feeds or the API."),
        verbose_name=_("visibility"),
    )
    from_github = models.BooleanField(
        default=False,
        editable=False,
        help_text=_("Recorded by the GitHub sync: a merged pull request or a closed issue, once each."),
        verbose_name=_("from GitHub"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
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
                violation_error_message=_("A link or document needs a link or an uploaded file."),
            ),
            # A rerun or a concurrent run of the GitHub sync never records the same item twice.
            models.UniqueConstraint(
                fields=["objective", "url"],
                condition=Q(from_github=True),
                name="evidence_from_github_once",
                violation_error_message=_("This GitHub item is already recorded as evidence."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.objective.get_absolute_url() + f"#evidence-{self.pk}"

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC
