"""What a list row shows about an objective, computed once per objective from plain values.

The plan page lists the objectives of a plan (200 on a page of a 50 × 20 plan, every one of them
counted for the flags). Asked from a template, each row called `reverse()` for its own link and for
every owner's and asked the model for its flags, progress and dates several times over. Here each
value is worked out once: links by string formatting from one `reverse()` per URL pattern, flags in
one pass, dates and deadlines formatted once per distinct date. The Jinja2 template
(`goals/_objectives.jinja`) only prints them.

A row is built from plain values, so the plan page can build it from database tuples without making
model instances (goals/plan_page.py); `ObjectiveRow.from_objective` builds the same row from a
model for the goal and owner pages. The rules are progress.py's; tests/test_plan_page_data.py checks
that rows and the model methods agree.
"""

import functools

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from markupsafe import Markup

from . import progress as progress_maths
from .models import Objective
from .templatetags.plan_tags import percent

_PLACEHOLDER = "slug-placeholder"
# Plain strings: the labels are lazy translations, which cost a lookup every time they are printed.
STATUS_LABELS = {value: str(label) for value, label in Objective.Status.choices}
NO_OWNER = Markup('<span class="muted">No owner yet</span>')
DONE_STATUSES = frozenset({Objective.Status.DONE, Objective.Status.DROPPED})


class Links:
    """Goal, objective and owner URLs by string formatting; one reverse() per URL pattern and page.

    Each pattern is reversed once with placeholder slugs, which then become format fields; slugs
    hold only letters, digits, "-" and "_", so they need no quoting.
    """

    def __init__(self):
        self._goal = _url_template("goals:goal", "plan_slug", "goal_slug")
        self._objective = _url_template("goals:objective", "plan_slug", "goal_slug", "objective_slug")
        self._owner = _url_template("goals:owner", "owner_slug")

    def goal(self, plan_slug, goal_slug):
        return self._goal.format(plan_slug=plan_slug, goal_slug=goal_slug)

    def objective(self, plan_slug, goal_slug, objective_slug):
        return self._objective.format(plan_slug=plan_slug, goal_slug=goal_slug, objective_slug=objective_slug)

    def owner(self, owner_slug):
        return self._owner.format(owner_slug=owner_slug)


def _url_template(name, *slugs):
    return _cached_url_template(get_script_prefix(), get_urlconf(), name, slugs)


@functools.lru_cache(maxsize=64)
def _cached_url_template(script_prefix, urlconf, name, slugs):
    url = reverse(name, kwargs={slug: f"{_PLACEHOLDER}-{slug.replace('_', '-')}" for slug in slugs})
    for slug in slugs:
        url = url.replace(f"{_PLACEHOLDER}-{slug.replace('_', '-')}", "{" + slug + "}")
    return url


@functools.lru_cache(maxsize=4096)
def format_date(value, fmt):
    """Django's `date` filter output; the same date and format always give the same text."""
    return dateformat.format(value, fmt)


class Dates:
    """Today, the time zone, and deadline words and paces computed once per distinct date on a page."""

    def __init__(self, today):
        self.today = today
        self.zone = timezone.get_current_timezone()
        self._time_left = {}
        self._expected = {}

    def local(self, moment):
        """timezone.localdate(moment), with the time zone looked up once per page."""
        return moment.astimezone(self.zone).date() if moment else None

    def time_left(self, due_on):
        text = self._time_left.get(due_on)
        if text is None:
            text = self._time_left[due_on] = progress_maths.time_left(due_on, self.today)
        return text

    def expected(self, starts_on, due_on):
        key = (starts_on, due_on)
        if key not in self._expected:
            self._expected[key] = progress_maths.expected_progress(starts_on, due_on, self.today)
        return self._expected[key]


class OwnerLink:
    __slots__ = ("name", "slug", "url", "html")

    def __init__(self, name, slug, url):
        self.name = name
        self.slug = slug
        self.url = url
        self.html = Markup('<a href="{}">{}</a>').format(url, name)  # escaped once per owner, not per row


class ObjectiveRow:
    """One objective as a list row shows it; `objective` is the model when the row was made from one.

    The flags and figures every row needs for the page's counts and filters are worked out at once;
    the texts only a printed row needs are properties, so rows on other pages of a long plan never
    format them.
    """

    __slots__ = (
        "objective",
        "pk",
        "slug",
        "url",
        "statement",
        "status",
        "is_done",
        "is_dropped",
        "progress",
        "weight",
        "due_on",
        "expected",
        "owners",
        "last_evidence_on",
        "last_activity_on",
        "is_behind",
        "is_overdue",
        "is_stale",
        "row_flags",
        "_dates",
    )

    def __init__(
        self,
        *,
        pk,
        slug,
        url,
        statement,
        status,
        progress,
        weight,
        due_on,
        plan_starts_on,
        plan_due_on,
        status_updated_on,
        last_evidence_on,
        owners,
        dates,
        objective=None,
    ):
        """`due_on` is the objective's own due date or else the plan's; `owners` are OwnerLinks."""
        self.objective = objective
        self.pk = pk
        self.slug = slug
        self.url = url
        self.statement = statement
        self.status = status
        self.is_done = status in DONE_STATUSES
        self.is_dropped = status == Objective.Status.DROPPED
        self.progress = progress
        self.weight = weight
        self.due_on = due_on
        self.owners = owners
        self.last_evidence_on = last_evidence_on
        self._dates = dates
        # The model's rules (progress.py), with the values at hand: Objective.flag_values, row_flags.
        self.expected = dates.expected(plan_starts_on, due_on)
        self.last_activity_on = progress_maths.last_activity(last_evidence_on, status_updated_on)
        self.is_overdue, self.is_behind, self.is_stale = progress_maths.objective_flags(
            done=self.is_done,
            actual=progress,
            expected=self.expected,
            due_on=due_on,
            last_activity_on=self.last_activity_on,
            starts_on=plan_starts_on,
            today=dates.today,
            stale_after_days=settings.STRATEGY_STALE_AFTER_DAYS,
        )
        self.row_flags = progress_maths.row_flags(
            self.is_overdue,
            self.is_behind,
            self.is_stale,
            due_on=due_on,
            plan_due_on=plan_due_on,
            today=dates.today,
        )

    @classmethod
    def from_objective(cls, objective, links, dates):
        """The row of a model instance whose goal, plan and owners are loaded."""
        goal = objective.goal
        plan = goal.plan
        return cls(
            objective=objective,
            pk=objective.pk,
            slug=objective.slug,
            url=links.objective(plan.slug, goal.slug, objective.slug),
            statement=objective.statement,
            status=objective.status,
            progress=objective.progress,
            weight=objective.weight,
            due_on=objective.effective_due_on,
            plan_starts_on=plan.starts_on,
            plan_due_on=plan.due_on,
            status_updated_on=dates.local(objective.status_updated_at),
            last_evidence_on=getattr(objective, "last_evidence_on", None),
            owners=[
                OwnerLink(owner.name, owner.slug, links.owner(owner.slug))
                for owner in objective.owners_in_order()
            ],
            dates=dates,
        )

    def is_flagged(self, flag):
        return getattr(self, f"is_{flag}")

    # What only a printed row needs.

    @property
    def owners_html(self):
        """The owners' links, comma separated, or a muted "No owner yet"."""
        if not self.owners:
            return NO_OWNER
        return Markup(", ").join(owner.html for owner in self.owners)

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def progress_value(self):
        """`floatformat:0`; progress is a whole number, so only a non-integer needs the filter."""
        if self.progress is None or isinstance(self.progress, int):
            return None if self.progress is None else str(self.progress)
        return floatformat(self.progress, 0)

    @property
    def progress_percent(self):
        return percent(self.progress)

    @property
    def expected_percent(self):
        return None if self.expected is None else percent(self.expected)

    @property
    def expected_by(self):
        return "the due date" if self.expected is not None and self.expected >= 100 else "now"

    @property
    def due_iso(self):
        return format_date(self.due_on, "Y-m-d")

    @property
    def due_text(self):
        return format_date(self.due_on, "j M Y")

    @property
    def time_left(self):
        return self._dates.time_left(self.due_on)

    @property
    def show_time_left(self):
        return not self.is_done and not self.is_overdue

    @property
    def last_evidence_iso(self):
        return format_date(self.last_evidence_on, "Y-m-d") if self.last_evidence_on else ""

    @property
    def last_evidence_text(self):
        return format_date(self.last_evidence_on, "j M Y") if self.last_evidence_on else ""

    @property
    def stale_since(self):
        last = self.last_activity_on
        return format_date(last, "j F Y") if last and "stale" in self.row_flags else ""


def objective_rows(objectives, today):
    """[ObjectiveRow] for the given objectives (their goal, plan and owners already loaded)."""
    links, dates = Links(), Dates(today)
    return [ObjectiveRow.from_objective(objective, links, dates) for objective in objectives]


def count_row_flags(rows):
    """How many rows are behind, overdue and stale (each counted once per flag)."""
    counts = {"behind": 0, "overdue": 0, "stale": 0}
    for row in rows:
        counts["behind"] += row.is_behind
        counts["overdue"] += row.is_overdue
        counts["stale"] += row.is_stale
    return counts
