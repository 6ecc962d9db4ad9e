"""The plan's rules, each written once: what counts, progress roll-up, expected pace, behind,
overdue, stale, when a check-in is due, and what the public may see.

Plain functions over plain values and rows that carry named attributes (a model instance, a
history record, a snapshot row), so that every surface (pages, API, badges, feeds, CSV, the
board's packet, snapshots, the progress-over-time replay, compare, the admin) asks the same code.
Nothing here touches the database: `ObjectiveQuerySet.with_standing()` gathers the inputs as
named annotations (`last_public_evidence_on`, `last_evidence_on`).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, pgettext

# ---------------------------------------------------------------------------------------------
# Visibility: what the public may see. QuerySets write these as SQL (`.public()`).

ACTIVE_PLAN = "active"
PUBLIC_PLAN_STATUSES = (ACTIVE_PLAN, "archived")
PUBLIC_EVIDENCE = "public"

# ---------------------------------------------------------------------------------------------
# What counts.

DROPPED = "dropped"
DONE_STATUSES = frozenset({"done", DROPPED})

# "Derived from status": nothing done, halfway while work goes on, all done.
STATUS_PROGRESS = {
    "not_started": 0,
    "on_track": 50,
    "at_risk": 50,
    "off_track": 50,
    "done": 100,
    DROPPED: 0,
}

# Progress sources: "derived from status" (STATUS_PROGRESS), "set by hand", or "measured": from the
# newest public measurement of the objective's key result (measured_progress).
FROM_STATUS = "status"
BY_HAND = "manual"
MEASURED = "measured"
# "From GitHub": the share of the objective's linked issues, pull requests, milestones' issues and
# sub-issues that are done (github_progress), as the last sync read them.
GITHUB = "github"
GITHUB_DONE_STATES = frozenset({"closed", "merged", "done"})

# Key results: done at or above the target, at or below it, or on it.
AT_LEAST, AT_MOST, EXACTLY = "at_least", "at_most", "exactly"

# Actual progress may trail the even pace by this many percentage points before it counts as behind:
# statuses are coarse (an objective under way counts as 50%), and a calm page does not cry wolf.
BEHIND_TOLERANCE = 10


def is_done(status) -> bool:
    """Done and dropped objectives are finished: never behind, overdue or stale."""
    return status in DONE_STATUSES


def counts_in_roll_up(objective) -> bool:
    """Dropped objectives are kept on record but do not count in their goal's progress."""
    return objective.status != DROPPED


def goal_counts_in_roll_up(goal) -> bool:
    """Archived goals are off the plan: hidden in public and left out of its progress."""
    return not goal.is_archived


# ---------------------------------------------------------------------------------------------
# Progress and pace.


def weighted_mean(pairs):
    """Mean of (value, weight) pairs, or None when there is nothing to average."""
    pairs = [(value, weight) for value, weight in pairs if value is not None and weight > 0]
    total_weight = sum(weight for _, weight in pairs)
    if not total_weight:
        return None
    return sum(value * weight for value, weight in pairs) / total_weight


def goal_progress(objectives):
    """Weighted mean of the objectives' progress that counts; None when nothing counts."""
    return weighted_mean((o.progress, o.weight) for o in objectives if counts_in_roll_up(o))


def plan_progress(goals):
    """Weighted mean of the goals' progress (each goal with `.progress`, `.weight`, `.is_archived`);
    goals with nothing to measure and archived goals are left out."""
    return weighted_mean((goal.progress, goal.weight) for goal in goals if goal_counts_in_roll_up(goal))


def measured_progress(direction, baseline, target, value) -> int:
    """Percent done (0-100, whole) of a key result whose newest measurement is `value`.

    The share of the way from baseline to target, in the key result's direction; a baseline already
    past the target (or equal to it) leaves no way to measure, so it is done once the target is met.
    With no measurement yet, nothing is done.
    """
    if value is None:
        return 0
    if direction == EXACTLY:
        if value == target:
            share = 1
        elif baseline == target:
            share = 0
        else:
            share = 1 - abs(value - target) / abs(baseline - target)
    elif direction == AT_MOST:
        share = (baseline - value) / (baseline - target) if target < baseline else float(value <= target)
    else:
        share = (value - baseline) / (target - baseline) if target > baseline else float(value >= target)
    return round(100 * min(1, max(0, float(share))))


def check_in_takes(progress_source, *, has_key_result) -> frozenset:
    """Which of "value" and "progress" a check-in on an objective takes (every form and the API ask).

    A value when the objective has a key result: a measurement is only something of a key result,
    and its progress follows from it. A progress figure only where progress is typed or derived
    from status, and there is no key result: typing one makes it "set by hand", which for those two
    is what the owner means. Neither where progress comes from GitHub or is to be measured: a typed
    figure would silently replace the source, and the next sync or measurement would not move it.
    """
    if has_key_result:
        return frozenset({"value"})
    if progress_source in (FROM_STATUS, BY_HAND):
        return frozenset({"progress"})
    return frozenset()


def where_progress_comes_from(progress_source, *, has_key_result):
    """Plain words for where an objective's progress comes from when a check-in cannot set it, or ""."""
    if "progress" in check_in_takes(progress_source, has_key_result=has_key_result):
        return ""
    if progress_source == GITHUB:
        return gettext(
            "Progress comes from GitHub: the share of its linked issues and pull requests that are "
            "done, as last read."
        )
    if progress_source == MEASURED and has_key_result:
        return gettext("Progress comes from the measured value, from baseline to target.")
    if progress_source == MEASURED:
        return gettext("Progress is to be measured, but this objective has no key result yet.")
    if progress_source == FROM_STATUS:
        return gettext("Progress follows the status.")
    return gettext("Progress is set by hand on the objective's page in the admin.")


def github_counts(state, done=None, total=None):
    """(done, total) of one linked GitHub item: a milestone's closed of all its issues, a parent
    issue's completed sub-issues of all of them; else the item itself, done once it is closed,
    merged, or in a project's "Done" column."""
    if total:
        return min(done or 0, total), total
    return int((state or "").casefold() in GITHUB_DONE_STATES), 1


def github_totals(counts):
    """(done, total) summed over the links' (done, total) pairs; links never read (None) left out."""
    pairs = [pair for pair in counts if pair is not None]
    return sum(done for done, _ in pairs), sum(total for _, total in pairs)


def github_progress(counts) -> int:
    """Percent (0-100, whole) of the linked items done (github_totals); 0 with nothing read."""
    done, total = github_totals(counts)
    return round(100 * done / total) if total else 0


def key_result_problem(direction, baseline, target):
    """Plain words for a key result that cannot measure anything, or None."""
    if direction == AT_LEAST and target is not None and baseline is not None and target <= baseline:
        return gettext("For “at least”, the target must be above the baseline.")
    if direction == AT_MOST and target is not None and baseline is not None and target >= baseline:
        return gettext("For “at most”, the target must be below the baseline.")
    return None


# What a link of a check-in may be: a web address, so that no page, feed or API answer ever links
# a javascript:, data: or file: address that an admin form or an old row carried.
_web_address = URLValidator(schemes=["http", "https"])


def is_web_address(link):
    """Whether `link` is an http or https address (what Django's URLValidator accepts)."""
    try:
        _web_address(link)
    except ValidationError:
        return False
    return True


def link_problem(link):
    """Plain words for a link that is not a web address, or None."""
    if is_web_address(link):
        return None
    return gettext("“%(link)s” is not a web address. Put one address per line, starting with https://.") % {
        "link": link
    }


# The plan's Markdown writes a key result on one line, "…, at least 2 institutions (baseline 0)":
# a unit with these characters could not be read back from it.
UNIT_FORBIDDEN_CHARACTERS = ",;()"


def unit_problem(unit):
    """Plain words for a key result's unit that the plan's Markdown could not hold, or None."""
    if any(character in unit for character in UNIT_FORBIDDEN_CHARACTERS) or "\n" in unit:
        return gettext("A unit is a word or two, without commas, semicolons or brackets.")
    return None


def format_value(value):
    """A measured value as people write it in the reader's language: 3, 2.5, 1,200 (no trailing zeros);
    in Spanish 3, 2,5, 1.200."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, force_grouping=True)


def format_percent(value):
    """A progress figure as a whole percentage in the reader's language: "40%", in Spanish "40 %"
    (a no-break space, as the RAE writes it); an em dash when there is nothing to measure."""
    if value is None:
        return "—"
    return pgettext("a whole percentage", "%(number)s%%") % {"number": round(value)}


def in_units(value, unit=""):
    """ "3 institutions": a measured value with its unit."""
    return f"{format_value(value)} {unit}" if unit else format_value(value)


def value_against_target(value, target, unit="", *, direction):
    """A measured value against its key result's target, as the direction reads: "3 of 2
    institutions" (at least), "12 days, target at most 7", "5 hubs, target exactly 4"."""
    if direction == AT_MOST:
        words = gettext("%(value)s, target at most %(target)s")
    elif direction == EXACTLY:
        words = gettext("%(value)s, target exactly %(target)s")
    else:
        return gettext("%(value)s of %(target)s") % {
            "value": format_value(value),
            "target": in_units(target, unit),
        }
    return words % {"value": in_units(value, unit), "target": format_value(target)}


def value_change(before, after, unit=""):
    """ "2 → 3 institutions" when a measured value moved; "3 institutions" for a first measurement."""
    if before is None:
        return in_units(after, unit)
    return f"{format_value(before)} → {in_units(after, unit)}"


def expected_progress(starts_on, due_on, today):
    """How far along (0-100) a piece of work should be on `today` if it moves evenly."""
    if starts_on is None or due_on is None:
        return None
    if today <= starts_on:
        return 0.0
    if today >= due_on:
        return 100.0
    return 100.0 * (today - starts_on).days / (due_on - starts_on).days


def is_behind(actual, expected, *, done=False, tolerance=BEHIND_TOLERANCE) -> bool:
    """True when actual progress trails the expected pace by more than the tolerance."""
    if done or actual is None or expected is None:
        return False
    return expected - actual > tolerance


def is_stale(last_activity_on: date | None, today: date, stale_after_days: int, since: date | None = None):
    """True when nothing has been recorded for longer than the allowed number of days.

    With nothing recorded at all, the clock runs from `since` (the day the work started), so a new
    plan is not stale on its first day but an old one with no record is.
    """
    reference = last_activity_on or since
    if reference is None:
        return True
    return (today - reference).days > stale_after_days


def last_activity(last_evidence_on: date | None, status_changed_on: date | None) -> date | None:
    """The newest of an objective's evidence and its last status or progress change."""
    if last_evidence_on and status_changed_on:
        return max(last_evidence_on, status_changed_on)
    return last_evidence_on or status_changed_on


# ---------------------------------------------------------------------------------------------
# Check-ins: when an objective's owners are asked for an update.

WEEKLY, EVERY_TWO_WEEKS, MONTHLY = "weekly", "every_two_weeks", "monthly"


def after_cadence(day: date, cadence: str) -> date:
    """The day one cadence after `day`: a week, two weeks, or the same day next month (the month's
    last day when it has no such day: 31 January -> 28 or 29 February)."""
    if cadence == WEEKLY:
        return day + timedelta(days=7)
    if cadence == EVERY_TWO_WEEKS:
        return day + timedelta(days=14)
    if cadence == MONTHLY:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    raise ValueError(f"Unknown check-in cadence: {cadence!r}")


def check_in_cadence(objective, plan) -> str:
    """The objective's own cadence, else its plan's."""
    return objective.check_in_cadence or plan.check_in_cadence


def check_in_due_on(objective, plan, today) -> date | None:
    """The day an objective's next check-in is due, or None when none is asked for.

    One cadence (the objective's own, else its plan's) after its last update: the newest evidence or
    check-in of any visibility (`last_evidence_on`), or the plan's start when nothing was ever
    recorded. Finished objectives (done, dropped), those of archived goals, and every objective of a
    plan that is not active or has ended are never due.
    """
    if is_done(objective.status) or not goal_counts_in_roll_up(objective.goal):
        return None
    if plan.status != ACTIVE_PLAN or has_ended(plan, today):
        return None
    try:
        return after_cadence(objective.last_evidence_on or plan.starts_on, check_in_cadence(objective, plan))
    except (OverflowError, ValueError):  # past the last day the calendar has: never due
        return None


def is_check_in_due(due_on: date | None, today: date) -> bool:
    """Due from the due day on (in the site's time zone: `today` is timezone.localdate())."""
    return due_on is not None and today >= due_on


# ---------------------------------------------------------------------------------------------
# Standing: everything a surface says about one plan, goal or objective on a given day.

FLAG_NAMES = ("overdue", "behind", "stale")


@dataclass(frozen=True)
class Standing:
    progress: float | None
    expected: float | None
    behind: bool
    overdue: bool = False
    stale: bool = False
    done: bool = False
    last_activity_on: date | None = None
    check_in_due_on: date | None = None
    check_in_due: bool = False

    @property
    def flags(self):
        """The flags that apply: a subset of "overdue", "behind", "stale", in that order."""
        return [name for name in FLAG_NAMES if getattr(self, name)]

    @property
    def expected_by_due_date(self):
        return self.expected is not None and self.expected >= 100


def objective_standing(objective, plan, today, *, stale_after_days, include_internal=False):
    """Progress, pace and flags of one objective (of `plan`) on `today`.

    The objective brings `status`, `progress`, `progress_source`, `due_on`, `status_updated_at` and
    the dates of `with_standing()`. Internal entries count as activity only with `include_internal`:
    the public sees public evidence only, the board may see both. A measured objective's activity is
    its newest measurement alone, so a feed that stopped shows as stale. An overdue objective is not
    also called behind: its deadline says more than its pace. When the next check-in is due
    (check_in_due_on) reads entries of any visibility either way: it asks the owners, who see them all.
    """
    due_on = objective.due_on or plan.due_on
    done = is_done(objective.status)
    expected = expected_progress(plan.starts_on, due_on, today)
    if objective.progress_source == MEASURED:
        activity = objective.last_measurement_on if include_internal else objective.last_public_measurement_on
    else:
        evidence_on = objective.last_evidence_on if include_internal else objective.last_public_evidence_on
        changed = objective.status_updated_at
        activity = last_activity(evidence_on, timezone.localdate(changed) if changed else None)
    overdue = not done and today > due_on
    check_in_on = check_in_due_on(objective, plan, today)
    return Standing(
        progress=objective.progress,
        expected=expected,
        behind=not overdue and is_behind(objective.progress, expected, done=done),
        overdue=overdue,
        stale=not done and is_stale(activity, today, stale_after_days, since=plan.starts_on),
        done=done,
        last_activity_on=activity,
        check_in_due_on=check_in_on,
        check_in_due=is_check_in_due(check_in_on, today),
    )


def goal_standing(objectives, plan, today):
    """A goal's progress (its objectives that count) against the plan's pace."""
    progress = goal_progress(objectives)
    expected = expected_progress(plan.starts_on, plan.due_on, today)
    done = all(is_done(objective.status) for objective in objectives)
    behind = not has_ended(plan, today) and is_behind(progress, expected, done=done)
    return Standing(progress=progress, expected=expected, behind=behind, done=done)


def plan_standing(goals, plan, today):
    """A plan's progress (its goals that count) against an even pace; an ended plan is not behind,
    it has ended."""
    progress = plan_progress(goals)
    expected = expected_progress(plan.starts_on, plan.due_on, today)
    behind = not has_ended(plan, today) and is_behind(progress, expected)
    return Standing(progress=progress, expected=expected, behind=behind)


def has_ended(plan, today):
    return today > plan.due_on


BEHIND, ON_PACE, DONE = "behind", "on_pace", "done"


def pace(standing, *, ended) -> str | None:
    """Where a plan or goal stands against the even pace, as one word: behind, on_pace or done.

    None once the plan has ended (its page says so instead) or when there is nothing to measure.
    """
    if ended or standing.progress is None or standing.expected is None:
        return None
    if standing.done:
        return DONE
    return BEHIND if standing.behind else ON_PACE


def row_flags(standing, *, due_on, plan_due_on, today) -> list[str]:
    """The flags a list row shows. Once the whole plan has ended, its page says "overdue" and "stale"
    once for everyone, so a row repeats them only for an earlier deadline of its own."""
    plan_over = today > plan_due_on and due_on >= plan_due_on
    return [flag for flag in standing.flags if flag == "behind" or not plan_over]


def nothing_recorded(standings):
    """True when none of the objectives has any activity: no evidence, check-in or status change.
    An ended plan in that state says so once, rather than flag every objective."""
    return all(standing.last_activity_on is None for standing in standings)


def count_flags(standings):
    """How many of the standings are behind, overdue and stale (each counted once per flag)."""
    counts = dict.fromkeys(FLAG_NAMES, 0)
    for standing in standings:
        for flag in standing.flags:
            counts[flag] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Deadlines in words.


def _span(days: int) -> str:
    """A whole number of days as one rounded unit: "12 days", "3 months", "4 years"."""
    if days < 45:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if days < 548:  # up to a year and a half, count months
        months = round(days / 30.44)
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years = round(days / 365.25)
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


def time_left(due_on: date | None, today: date, *, ended=False) -> str:
    """Plain words for a deadline: "due today", "due in 3 months", "was due 4 years ago"; for a plan
    (`ended`), "ended 4 years ago"."""
    if due_on is None:
        return ""
    days = (due_on - today).days
    if days == 0:
        return gettext("due today")
    if days == 1:
        return gettext("due tomorrow")
    if days > 0:
        return gettext("due in %(span)s") % {"span": _span(days)}
    if days == -1:
        return gettext("ended yesterday") if ended else gettext("was due yesterday")
    if ended:
        return gettext("ended %(span)s ago") % {"span": _span(-days)}
    return gettext("was due %(span)s ago") % {"span": _span(-days)}
