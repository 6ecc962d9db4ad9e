"""The plan page's filters: by status, owner and flag, as a plain GET form.

Filtering happens on the rows a page already read, so a filtered page makes the same
queries as an unfiltered one, and goal and plan progress always count every objective.
"""

from collections import Counter
from functools import lru_cache

from django import forms

from .models import Objective

FLAG_CHOICES = [
    ("behind", "Behind schedule"),
    ("overdue", "Overdue"),
    ("stale", "Not updated recently"),
]


@lru_cache(maxsize=512)
def _render_select(widget_class, name, value, choices, attrs):
    widget = widget_class(choices=choices)
    return forms.Select.render(widget, name, value, dict(attrs))


class MemoizedSelect(forms.Select):
    """A select whose HTML is remembered by its inputs.

    Rendering three selects through Django's widget templates was a third of a cold plan page's
    render time (bench/results/profile-notes.md); the HTML is a pure function of name, value,
    choices and attributes, so the same inputs give the same bytes from memory.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple((str(key), str(label)) for key, label in self.choices)
        frozen_attrs = tuple({**self.attrs, **(attrs or {})}.items())
        return _render_select(
            forms.Select, name, None if value is None else str(value), choices, frozen_attrs
        )


class ObjectiveFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Any status"), *Objective.Status.choices],
        widget=MemoizedSelect,
    )
    owner = forms.ChoiceField(required=False, label="Owner", widget=MemoizedSelect)
    flag = forms.ChoiceField(
        required=False,
        label="Needs attention",
        choices=[("", "Any"), *FLAG_CHOICES],
        widget=MemoizedSelect,
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Anyone"), *((owner.slug, owner.name) for owner in owners)]

    def matches(self, row):
        """Whether an ObjectiveRow (goals/rows.py) passes the filters."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("status") and row.status != data["status"]:
            return False
        if data.get("owner") and data["owner"] not in {owner.slug for owner in row.owners}:
            return False
        return not data.get("flag") or row.is_flagged(data["flag"])

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


def filter_sections(sections, form):
    """The plan page's goal sections, each with `shown`: its rows that pass the filters. While a
    filter is on, goals with no match are left out."""
    if not form.is_filtering():
        for section in sections:
            section.shown = section.rows
        return sections
    shown = []
    for section in sections:
        section.shown = [row for row in section.rows if form.matches(row)]
        if section.shown:
            shown.append(section)
    return shown
