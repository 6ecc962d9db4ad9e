"""The content version's row (goals/content_version.py reads and bumps it)."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row whose number goes up on every change to the plan data; the page cache keys on it.

    It lives in the database because that is the one thing every gunicorn worker (and every host)
    shares: a per-process cache cannot tell worker B that worker A's admin saved something.
    """

    value = models.BigIntegerField(default=0, verbose_name=_("value"))
    # Unix time of the last change: the Last-Modified of public responses. An integer so that the
    # per-request read stays one plain SQL query with no date parsing.
    changed_at = models.BigIntegerField(default=0, verbose_name=_("changed at"))

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return gettext("content version %(value)s") % {"value": self.value}
