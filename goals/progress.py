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


def expected_progress(starts_on, due_on, today):
    """How far along (0-100) a piece of work should be on `today` if it moves evenly."""
    if starts_on is None or due_on is None:
        return None
    if today <= starts_on:
        return 0.0
    if today >= due_on:
        return 100.0
    return 100.0 * (today - starts_on).days / (due_on - starts_on).days


def is_stale(last_activity_on: date | None, today: date, stale_after_days: int) -> bool:
    """True when nothing has been recorded for longer than the allowed number of days."""
    if last_activity_on is None:
        return True
    return (today - last_activity_on).days > stale_after_days
