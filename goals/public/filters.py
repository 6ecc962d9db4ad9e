"""The plan page's filters: by status, owner and flag, as a plain GET form.

Filtering happens on the objectives a page already read, so a filtered page makes the same
queries as an unfiltered one, and goal and plan progress always count every objective.
"""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import Goal, Objective

FLAG_CHOICES = [
    ("behind", _("Behind schedule")),
    ("overdue", _("Overdue")),
    ("stale", _("Not updated recently")),
]


class ObjectiveFilterForm(forms.Form):
    """A value that is not among the choices (an edited or outdated link) is refused with a
    sentence that names it; the page then shows every objective and says so."""

    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Any status")), *Objective.Status.choices],
        error_messages={"invalid_choice": _("There is no status “%(value)s”.")},
    )
    owner = forms.ChoiceField(
        required=False,
        label=_("Owner"),
        error_messages={"invalid_choice": _("No owner “%(value)s” has objectives on this plan.")},
    )
    flag = forms.ChoiceField(
        required=False,
        label=_("Needs attention"),
        choices=[("", _("Any")), *FLAG_CHOICES],
        error_messages={"invalid_choice": _("“%(value)s” is not one of the things the filters look for.")},
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Anyone")), *((owner.slug, owner.name) for owner in owners)]

    def problems(self):
        """What is wrong with the filters, one plain sentence per field, in the form's order."""
        return [error for name in self.fields for error in self.errors.get(name, [])]

    def matches(self, objective):
        """Whether an objective (with its owners loaded) passes the filters."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("status") and objective.status != data["status"]:
            return False
        if data.get("owner") and data["owner"] not in {owner.slug for owner in objective.owner_list}:
            return False
        return not data.get("flag") or data["flag"] in objective.standing().flags

    def is_filtering(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def describe(self):
        """The active filters in words, e.g. ["status: At risk", "owner: Chris Holdgraf"]."""
        if not self.is_filtering():
            return []
        return [
            f"{self.fields[name].label}: {dict(self.fields[name].choices)[value]}"
            for name, value in self.cleaned_data.items()
            if value
        ]


def filter_data(query):
    """The filter fields of a query string, or None when it has none (then the form is unbound)."""
    return query if any(name in query for name in ObjectiveFilterForm.base_fields) else None


def status_counts(objectives):
    """[(status, label, count)] in the order of Objective.Status, leaving out statuses nobody has."""
    counts = Counter(objective.status for objective in objectives)
    return [(value, label, counts[value]) for value, label in Objective.Status.choices if counts[value]]


@dataclass
class GoalSection:
    goal: Goal
    shown: list[Objective]


def filter_sections(goals, form):
    """A section per goal with `shown`: its objectives that pass the filters. While a filter is
    on, goals with no match are left out."""
    if not form.is_filtering():
        return [GoalSection(goal, goal.objectives_in_order()) for goal in goals]
    sections = [
        GoalSection(goal, [o for o in goal.objectives_in_order() if form.matches(o)]) for goal in goals
    ]
    return [section for section in sections if section.shown]
