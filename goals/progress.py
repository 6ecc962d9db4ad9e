"""The progress maths, as plain functions over plain values.

Models and QuerySets call these; nothing here touches the database, so a page that prefetched its
objectives computes every roll-up without another query.
"""

from datetime import date


def weighted_mean(pairs):
    """Mean of (value, weight) pairs, or None when there is nothing to average."""
    pairs = [(value, weight) for value, weight in pairs if value is not None and weight > 0]
    total_weight = sum(weight for _, weight in pairs)
    if not total_weight:
        return None
    return sum(value * weight for value, weight in pairs) / total_weight


def goal_progress(objectives):
    """Weighted mean of the objectives' progress (models or list rows); dropped ones do not count."""
    return weighted_mean(
        (objective.progress, objective.weight) for objective in objectives if objective.status != "dropped"
    )


def expected_progress(starts_on, due_on, today):
    """How far along (0-100) a piece of work should be on `today` if it moves evenly."""
    if starts_on is None or due_on is None:
        return None
    if today <= starts_on:
        return 0.0
    if today >= due_on:
        return 100.0
    return 100.0 * (today - starts_on).days / (due_on - starts_on).days


def is_stale(
    last_activity_on: date | None, today: date, stale_after_days: int, since: date | None = None
) -> bool:
    """True when nothing has been recorded for longer than the allowed number of days.

    With nothing recorded at all, the clock runs from `since` (the day the work started), so a new
    plan is not stale on its first day but an old one with no record is.
    """
    reference = last_activity_on or since
    if reference is None:
        return True
    return (today - reference).days > stale_after_days


# Actual progress may trail the even pace by this many percentage points before it counts as behind:
# statuses are coarse (an objective under way counts as 50%), and a calm page does not cry wolf.
BEHIND_TOLERANCE = 10


def is_behind(actual, expected, *, done=False, tolerance=BEHIND_TOLERANCE) -> bool:
    """True when actual progress trails the expected pace by more than the tolerance."""
    if done or actual is None or expected is None:
        return False
    return expected - actual > tolerance


def last_activity(last_evidence_on: date | None, status_changed_on: date | None) -> date | None:
    """The newest of an objective's public evidence and its last status or progress change."""
    if last_evidence_on and status_changed_on:
        return max(last_evidence_on, status_changed_on)
    return last_evidence_on or status_changed_on


def objective_flags(
    *, done, actual, expected, due_on, last_activity_on, starts_on, today, stale_after_days
) -> tuple[bool, bool, bool]:
    """(overdue, behind, stale) of one objective; done and dropped objectives are never flagged.

    An overdue objective is not also called behind: its deadline says more than its pace.
    """
    overdue = not done and today > due_on
    behind = not overdue and is_behind(actual, expected, done=done)
    stale = not done and is_stale(last_activity_on, today, stale_after_days, since=starts_on)
    return overdue, behind, stale


def row_flags(overdue, behind, stale, *, due_on, plan_due_on, today) -> list[str]:
    """The flags a list row shows. Once the whole plan has ended, its page says "overdue" and "stale"
    once for everyone, so a row repeats them only for an earlier deadline of its own."""
    plan_over = today > plan_due_on and due_on >= plan_due_on
    checks = (("overdue", overdue and not plan_over), ("behind", behind), ("stale", stale and not plan_over))
    return [name for name, applies in checks if applies]


def _span(days: int) -> str:
    """A whole number of days as one rounded unit: "12 days", "3 months", "4 years"."""
    if days < 45:
        amount, unit = days, "day"
    elif days < 548:  # up to a year and a half, count months
        amount, unit = round(days / 30.44), "month"
    else:
        amount, unit = round(days / 365.25), "year"
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


def time_left(due_on: date | None, today: date, *, ended_word="was due") -> str:
    """Plain words for a deadline: "due today", "due in 3 months", "was due 4 years ago"."""
    if due_on is None:
        return ""
    days = (due_on - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 0:
        return f"due in {_span(days)}"
    if days == -1:
        return f"{ended_word} yesterday"
    return f"{ended_word} {_span(-days)} ago"
