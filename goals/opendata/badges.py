"""Embeddable SVG badges with a plan's or a goal's progress, for READMEs and web pages.

    /plans/<plan>/badge.svg                 the plan's progress
    /plans/<plan>/goals/<goal>/badge.svg    one goal's progress

The badge reads "progress | 42%": dark orange when the plan's pages say "Behind schedule" (the one
rule, goals/rules.py), grey when there is nothing to measure or the plan has ended, green otherwise.
Its <title> and aria-label say the same in words. Cached for a few minutes, then revalidated with
the ETag, so an embedded badge costs the site little.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from goals.models import Goal, Plan
from goals.opendata.freshness import public_condition
from goals.opendata.naming import with_organization
from goals.opendata.xml_text import xml_text
from goals.rules import format_percent

BADGE_MAX_AGE = 300  # seconds a browser or proxy may show a badge before asking again

COLOR_ON_TRACK = "#1a7f37"  # white text on these has a contrast ratio above 4.5:1
COLOR_BEHIND = "#a3410b"
COLOR_NO_DATA = "#5c5c5c"


def _text_width(text):
    # Verdana at 11px averages about 7px a character; a little slack beats clipped text.
    return round(len(text) * 7) + 12


@dataclass
class Badge:
    title: str
    value: str
    color: str
    label: str = ""

    def __post_init__(self):
        # The badge's own word, in the reader's language (an image fetched from a README sends the
        # viewer's Accept-Language too).
        self.label = self.label or gettext("progress")

    @property
    def label_width(self):
        return _text_width(self.label)

    @property
    def value_width(self):
        return _text_width(self.value)

    @property
    def width(self):
        return self.label_width + self.value_width

    @property
    def label_x(self):
        return self.label_width / 2

    @property
    def value_x(self):
        return self.label_width + self.value_width / 2


def progress_badge(name, standing, *, ended=False):
    """The badge for something called `name` whose rules.Standing is `standing`."""
    actual, expected = standing.progress, standing.expected
    if actual is None:
        title = gettext("%(name)s: no progress to measure yet") % {"name": name}
        return Badge(title=title, value=gettext("n/a"), color=COLOR_NO_DATA)
    title = gettext("%(name)s: %(actual)d%% done") % {"name": name, "actual": round(actual)}
    if ended:
        title += gettext(", the plan has ended")
        color = COLOR_NO_DATA
    else:
        if expected is not None:
            title += gettext(", %(expected)d%% expected by today") % {"expected": round(expected)}
        if standing.behind:
            title += gettext(", behind schedule")
        color = COLOR_BEHIND if standing.behind else COLOR_ON_TRACK
    return Badge(title=title, value=format_percent(actual), color=color)


def svg_response(badge):
    # The template escapes the names (Django's autoescape: &lt; &amp; &quot; &#x27; are XML too);
    # xml_text drops what XML cannot carry at all, so the badge always parses.
    svg = xml_text(render_to_string("opendata/badge.svg", {"badge": badge}))
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=BADGE_MAX_AGE)
@public_condition
def plan_badge(request, plan_slug):
    plan = get_object_or_404(Plan.objects.public().with_standing(), slug=plan_slug)
    name = with_organization(plan.title)
    return svg_response(progress_badge(name, plan.standing(), ended=plan.has_ended()))


@require_safe
@cache_control(public=True, max_age=BADGE_MAX_AGE)
@public_condition
def goal_badge(request, plan_slug, goal_slug):
    goal = get_object_or_404(
        Goal.objects.public().select_related("plan").with_standing(), plan__slug=plan_slug, slug=goal_slug
    )
    name = with_organization(f"{goal.title} ({goal.plan.title})")
    return svg_response(progress_badge(name, goal.standing(), ended=goal.plan.has_ended()))
