"""What a list row shows about an objective, computed once per objective in Python.

The plan page lists every objective of a plan (1,000 on a 50 × 20 plan). Asked from the template,
each row called `reverse()` for its own link and for every owner's, went through three nested
`{% include %}`s, and asked the model for its flags, progress and dates several times over (each
flag check recomputes the due date, the expected pace and the last activity). Here each value is
worked out once: links by string formatting from one `reverse()` per page, flags in one pass,
dates formatted once per distinct date. The template (`goals/_objective.html`) only prints them.
Every figure still comes from the model's own methods, so the rules live in one place.
"""

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dateformat import format as format_date

from . import progress as progress_maths
from .models import Objective
from .templatetags.plan_tags import percent

_PLACEHOLDER = "slug-placeholder"
STATUS_LABELS = dict(Objective.Status.choices)


def _prefix(name, **kwargs):
    """The URL of `name` up to its last slug, from one reverse() with a placeholder there."""
    url = reverse(name, kwargs=kwargs)
    head, _, tail = url.rpartition(_PLACEHOLDER)
    return head, tail


class Links:
    """Objective and owner URLs by string formatting; one reverse() per URL pattern."""

    def __init__(self):
        self._objective_tail = _prefix(
            "goals:objective", plan_slug="p", goal_slug="g", objective_slug=_PLACEHOLDER
        )[1]
        self._owner = _prefix("goals:owner", owner_slug=_PLACEHOLDER)
        self._goal_paths = {}

    def objective(self, plan_slug, goal_slug, objective_slug):
        key = (plan_slug, goal_slug)
        head = self._goal_paths.get(key)
        if head is None:
            head = reverse(
                "goals:objective",
                kwargs={"plan_slug": plan_slug, "goal_slug": goal_slug, "objective_slug": _PLACEHOLDER},
            ).rpartition(_PLACEHOLDER)[0]
            self._goal_paths[key] = head
        return f"{head}{objective_slug}{self._objective_tail}"

    def owner(self, owner_slug):
        head, tail = self._owner
        return f"{head}{owner_slug}{tail}"


class Dates:
    """Django's `date` filter output, computed once per distinct (date, format)."""

    def __init__(self):
        self._cache = {}

    def __call__(self, value, fmt):
        key = (value, fmt)
        text = self._cache.get(key)
        if text is None:
            text = self._cache[key] = format_date(value, fmt)
        return text


class OwnerLink:
    __slots__ = ("name", "url")

    def __init__(self, name, url):
        self.name = name
        self.url = url


class ObjectiveRow:
    """One objective as a list row shows it. `objective` stays available for anything else."""

    __slots__ = (
        "objective",
        "pk",
        "slug",
        "url",
        "statement",
        "status",
        "status_label",
        "is_dropped",
        "progress_value",
        "progress_percent",
        "expected_percent",
        "expected_by",
        "due_iso",
        "due_text",
        "time_left",
        "show_time_left",
        "owners",
        "last_evidence_iso",
        "last_evidence_text",
        "is_behind",
        "is_overdue",
        "is_stale",
        "row_flags",
        "stale_since",
    )

    def __init__(self, objective, today, links, dates):
        plan = objective.goal.plan
        self.objective = objective
        self.pk = objective.pk
        self.slug = objective.slug
        self.url = links.objective(plan.slug, objective.goal.slug, objective.slug)
        self.statement = objective.statement
        self.status = objective.status
        self.status_label = STATUS_LABELS.get(objective.status, objective.status)
        self.is_dropped = objective.status == Objective.Status.DROPPED

        value = objective.progress
        expected = objective.expected_progress(today)
        # `floatformat:0`; progress is a whole number, so only a non-integer needs the filter.
        if value is None:
            self.progress_value = None
        elif isinstance(value, int):
            self.progress_value = str(value)
        else:
            self.progress_value = floatformat(value, 0)
        self.progress_percent = percent(value)
        self.expected_percent = None if expected is None else percent(expected)
        self.expected_by = "the due date" if expected is not None and expected >= 100 else "now"

        due = objective.effective_due_on
        self.due_iso = dates(due, "Y-m-d")
        self.due_text = dates(due, "j M Y")
        self.time_left = progress_maths.time_left(due, today)
        self.is_overdue = objective.is_overdue(today)
        self.show_time_left = not objective.is_done and not self.is_overdue

        self.owners = [
            OwnerLink(owner.name, links.owner(owner.slug)) for owner in objective.owners_in_order()
        ]
        last_evidence = getattr(objective, "last_evidence_on", None)
        self.last_evidence_iso = dates(last_evidence, "Y-m-d") if last_evidence else ""
        self.last_evidence_text = dates(last_evidence, "j M Y") if last_evidence else ""

        # Objective.is_behind, with the values worked out above.
        self.is_behind = not self.is_overdue and progress_maths.is_behind(
            value, expected, done=objective.is_done
        )
        self.is_stale = objective.is_stale(today)
        flags = [
            name
            for name, applies in (
                ("overdue", self.is_overdue),
                ("behind", self.is_behind),
                ("stale", self.is_stale),
            )
            if applies
        ]
        if plan.has_ended(today) and due >= plan.due_on:
            flags = [flag for flag in flags if flag not in ("overdue", "stale")]
        self.row_flags = flags
        last_activity = objective.last_activity_on() if "stale" in flags else None
        self.stale_since = dates(last_activity, "j F Y") if last_activity else ""

    def is_flagged(self, flag):
        return getattr(self, f"is_{flag}")


def objective_rows(objectives, today):
    """[ObjectiveRow] for the given objectives (their goal, plan and owners already loaded)."""
    links, dates = Links(), Dates()
    return [ObjectiveRow(objective, today, links, dates) for objective in objectives]


def count_row_flags(rows):
    """progress.count_flags, from rows that already know their flags."""
    counts = {"behind": 0, "overdue": 0, "stale": 0}
    for row in rows:
        counts["behind"] += row.is_behind
        counts["overdue"] += row.is_overdue
        counts["stale"] += row.is_stale
    return counts
