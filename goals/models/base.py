"""What every model of the plan shares."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEIGHT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(100)]
WEIGHT_HELP = _("How much this counts in the roll-up, from 1 to 100 (1 = same as the others).")


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.__dict__.pop("_standing_memo", None)  # figures worked out before this change
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_standing_memo", None)
        super().refresh_from_db(*args, **kwargs)


class VersionedModel(TimestampedModel):
    """Optimistic locking: every save moves `version` on, and an edit form made from an older version
    is refused (goals/admin/forms.py)."""

    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("version"))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            # From the database, not from self: a reverted old version must still move forward.
            saved = type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = (saved or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


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
