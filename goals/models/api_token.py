"""API tokens: what lets a script or a bot post check-ins and measurements for one owner.

A token reads `sst_<id>_<secret>`. Only a SHA-256 digest of the secret is stored, so the database
(or a backup of it) cannot be used to post; the id finds the row, and the digests are compared in
constant time. A plain digest is enough here, unlike for passwords: the secret is 32 random bytes,
so there is no dictionary to try.
"""

import hashlib
import hmac
import math
import re
import secrets
from datetime import timedelta

import rules
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models.objective import Owner
from goals.querysets import ApiTokenQuerySet

PREFIX = "sst"
TOKEN_PATTERN = re.compile(rf"^{PREFIX}_([0-9a-f]{{12}})_([A-Za-z0-9_-]{{43}})$")


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A secret that posts check-ins and measurements to one owner's objectives (the write API)."""

    name = models.CharField(
        max_length=100,
        help_text=_("What uses it, e.g. “usage figures, nightly cron job”."),
        verbose_name=_("name"),
    )
    owner = models.ForeignKey(
        Owner,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("The token may post only to this owner's objectives, in this owner's name."),
        verbose_name=_("owner"),
    )
    key_id = models.CharField(_("token id"), max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False, verbose_name=_("secret hash"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, editable=False)
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        editable=False,
        help_text=_("After this moment the token is refused. Empty: it never expires."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def prefix(self):
        """The token's public start, enough to recognise it in a script's settings."""
        return f"{PREFIX}_{self.key_id}"

    @property
    def is_live(self):
        """Not revoked, not expired, and the owner's login (if it has one) still active:
        deactivating someone shuts out the scripts that post in their name too."""
        return self.revoked_at is None and not self.is_expired and not self.is_login_deactivated

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def days_left(self):
        """Days until it expires, a part day counted as one (0 once expired), or None when it never
        does: a 30-day token says 30 on the day it is issued and 1 on its last day."""
        if self.expires_at is None:
            return None
        return max(math.ceil((self.expires_at - timezone.now()) / timedelta(days=1)), 0)

    @property
    def is_login_deactivated(self):
        user = self.owner.user
        return user is not None and not user.is_active

    def new_secret(self):
        """Give the token a new id and secret and return the whole token (it is never stored)."""
        secret = secrets.token_urlsafe(32)
        self.key_id = secrets.token_hex(6)
        self.secret_hash = _digest(secret)
        return f"{self.prefix}_{secret}"

    @classmethod
    def issue(cls, *, owner, name, created_by=None, lifetime_days=None):
        """A new token for `owner`, expiring after `lifetime_days` (None: never): (the row, the
        token to hand over once)."""
        token = cls(owner=owner, name=name, created_by=created_by)
        token.set_lifetime(lifetime_days)
        plain = token.new_secret()
        token.save()
        return token, plain

    @classmethod
    def find(cls, plain):
        """The token (revoked or not) whose secret this is, or None."""
        match = TOKEN_PATTERN.match(plain or "")
        if match is None:
            return None
        token = cls.objects.select_related("owner__user").filter(key_id=match[1]).first()
        if token is None or not hmac.compare_digest(token.secret_hash, _digest(match[2])):
            return None
        return token

    def set_lifetime(self, days):
        """Expire `days` days from now, or never when `days` is None."""
        self.expires_at = None if days is None else timezone.now() + timedelta(days=days)

    def record_use(self):
        self.last_used_at = timezone.now()
        # An UPDATE, not save(): a use is not a change to the plan data (no content version bump).
        type(self).objects.filter(pk=self.pk).update(last_used_at=self.last_used_at)

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def has_perm(self, perm, obj=None):
        """Asked like a login's has_perm: the rules for tokens are in goals/permissions.py."""
        return rules.has_perm(perm, self, obj)
