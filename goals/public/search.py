"""Search over what the public may see: plans, goals, objectives, public evidence and check-ins.

Every kind starts from its `.public()` QuerySet and is searched by its `matching()` method
(goals/querysets.py: full-text search on PostgreSQL, a plain match elsewhere). Each kind shows at
most RESULTS_PER_KIND rows, and says when there are more.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import CheckIn, Evidence, Goal, Objective, Plan

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 20


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the plans"),
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": _("Type a word or two to search for."),
            "max_length": _("That search is too long: use at most %(limit_value)d characters."),
            "null_characters_not_allowed": _("That search has a character that cannot be searched for."),
        },
    )


@dataclass
class ResultGroup:
    kind: str  # "plan", "goal", "objective", "evidence", "check_in": the template's cue
    label: str
    items: list
    has_more: bool


def _group(kind, label, queryset):
    rows = list(queryset[: RESULTS_PER_KIND + 1])
    return ResultGroup(kind, label, rows[:RESULTS_PER_KIND], len(rows) > RESULTS_PER_KIND)


def search(query):
    """The groups of public rows matching `query`, one per kind, empty groups left out."""
    groups = [
        _group("plan", _("Plans"), Plan.objects.public().matching(query)),
        _group("goal", _("Goals"), Goal.objects.public().matching(query).select_related("plan")),
        _group(
            "objective",
            _("Objectives"),
            Objective.objects.public().matching(query).select_related("goal__plan"),
        ),
        _group(
            "evidence",
            _("Evidence"),
            Evidence.objects.public().matching(query).select_related("objective__goal__plan"),
        ),
        _group(
            "check_in",
            _("Check-ins"),
            CheckIn.objects.public().matching(query).select_related("objective__goal__plan"),
        ),
    ]
    return [group for group in groups if group.items]
