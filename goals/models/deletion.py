"""What the history records about a deletion: every row one deletion removes (the goal, and the
objectives and evidence cascaded with it) gets the same history date and a reason that says what it
went with. That is how a deleted goal comes back with exactly what its deletion took, and not an
objective deleted on purpose a minute before (goals/admin/recovery.py).

A receiver rather than an explicit call, because rows are deleted from many places: the delete
page, the delete action, a plan's deletion, inline rows, `manage.py shell`. Each deletion is one
Django Collector, and every pre_delete it sends names the same `origin`: the object or queryset
whose delete() started it.
"""

from django.db.models import QuerySet
from django.db.models.signals import pre_delete
from django.utils import timezone, translation
from django.utils.text import Truncator

REASON_LENGTH = 100  # django-simple-history's history_change_reason column
ROOT_REASON = "Deleted, with what it contained"


def _started_it(instance, origin):
    if isinstance(origin, QuerySet):
        return isinstance(instance, origin.model)
    return type(instance) is type(origin) and instance.pk == origin.pk


def deletion_reason(instance, origin):
    if _started_it(instance, origin):
        return ROOT_REASON
    # The history's words stay in English (docs/translations.md), whatever the deleting page's language.
    with translation.override("en"):
        if isinstance(origin, QuerySet):
            return f"Deleted with the {origin.model._meta.verbose_name_plural} selected for deletion"
        return f"Deleted with the {origin._meta.verbose_name} “{origin}”"


def stamp_deletion(sender, instance, origin=None, **kwargs):
    """Give the historical record of `instance` its deletion's shared date and a reason."""
    if origin is None:
        return
    if "_deletion_date" not in origin.__dict__:
        # A date set on purpose (an import, tests replaying history) dates the whole deletion.
        origin._deletion_date = getattr(origin, "_history_date", None) or timezone.now()
    instance._history_date = origin._deletion_date
    if not hasattr(instance, "_change_reason"):
        instance._change_reason = Truncator(deletion_reason(instance, origin)).chars(REASON_LENGTH)


def connect_signals():
    from goals.models import Evidence, Goal, Objective, Owner, Plan

    for model in (Plan, Goal, Objective, Owner, Evidence):
        pre_delete.connect(stamp_deletion, sender=model, dispatch_uid=f"deletion-{model._meta.label_lower}")
