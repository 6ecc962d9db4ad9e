"""Posting an update: one dated check-in that also moves its objective's status and progress.

Every way in (the admin's "Post an update", the owners' page, the write API, a CSV of measurements)
calls record_check_in, so an update is recorded the same way whoever posts it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from goals.models import CheckIn, Objective


@transaction.atomic
def record_check_in(
    objective,
    *,
    author=None,
    happened_on=None,
    status="",
    progress=None,
    value=None,
    confidence="",
    note="",
    links="",
    file=None,
    visibility=CheckIn.Visibility.PUBLIC,
    client_key="",
    api_token=None,
):
    """Record a check-in and apply it; returns (check-in, created). A retry with a client key that
    was already recorded returns the first one and changes nothing."""
    objective = Objective.objects.select_for_update().select_related("goal__plan").get(pk=objective.pk)
    if client_key:
        existing = objective.check_ins.filter(client_key=client_key).first()
        if existing is not None:
            return existing, False
    takes = objective.check_in_takes()
    if value is not None and "value" not in takes:
        raise ValidationError({"value": _("This objective has no key result to measure.")})
    if progress is not None and "progress" not in takes:
        if hasattr(objective, "key_result"):
            raise ValidationError(
                {"progress": _("Progress of a measured objective comes from its measurements.")}
            )
        raise ValidationError({"progress": objective.where_progress_comes_from()})
    if not (status or progress is not None or value is not None or note.strip() or links.strip() or file):
        raise ValidationError(
            {"__all__": _("Say what changed: a status, progress, a measurement, a note or a link.")}
        )
    check_in = CheckIn(
        objective=objective,
        author=author,
        status=status,
        progress=progress,
        value=value,
        confidence=confidence,
        note=note,
        links=links,
        file=file or "",
        visibility=visibility,
        client_key=client_key,
        api_token=api_token,
    )
    if happened_on is not None:
        check_in.happened_on = happened_on
    check_in.full_clean(exclude=["objective", "author", "api_token"])
    check_in.save()
    before = (objective.status, objective.progress, objective.progress_source)
    if status:
        objective.status = status
    if progress is not None:
        objective.progress_source = Objective.ProgressSource.MANUAL
        objective.progress = progress
    if objective.progress_source == Objective.ProgressSource.MEASURED:
        objective.progress = objective.measured_progress()
    # Saved only when it changed: an internal note must not touch a public row (its updated_at and
    # the public validators would tell the world that something happened).
    if (objective.status, objective.progress, objective.progress_source) != before:
        objective.save()
    return check_in, True


def timeline(evidence, check_ins):
    """Evidence and check-ins of an objective as one list, newest first: [(kind, item)]."""
    entries = [("evidence", item) for item in evidence] + [("check_in", item) for item in check_ins]
    entries.sort(key=lambda entry: (entry[1].happened_on, entry[1].created_at), reverse=True)
    return entries
