"""Template filters for the board's review pages."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def signed_points(value):
    """A change in percentage points: "+5 pts", "−3 pts", "no change"."""
    if value is None:
        return "—"
    value = round(value)
    if value == 0:
        return gettext("no change")
    if value > 0:
        return gettext("+%(points)s pts") % {"points": value}
    return gettext("−%(points)s pts") % {"points": -value}


@register.filter
def points_behind(behind_by):
    """How far behind a plan is, in the whole points the page shows (a number, for the plural)."""
    return round(behind_by)


@register.filter
def points_ahead(behind_by):
    """How far ahead a plan is, from a negative "behind by"."""
    return round(-behind_by)
