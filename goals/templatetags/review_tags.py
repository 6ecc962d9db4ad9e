"""Template filters for the board's review pages."""

from django import template

register = template.Library()


@register.filter
def signed_points(value):
    """A change in percentage points: "+5 pts", "−3 pts", "no change"."""
    if value is None:
        return "—"
    value = round(value)
    if value == 0:
        return "no change"
    return f"+{value} pts" if value > 0 else f"−{-value} pts"


@register.filter
def points_ahead(behind_by):
    """How far ahead a plan is, from a negative "behind by"."""
    return round(-behind_by)
