"""The Jinja2 environment of the plan page and of the objective rows.

The plan page is the most read page and the one whose cold render the benchmark measures; printed
by Django templates its markup cost several times what the same markup costs in Jinja2, which
compiles templates to Python. So the plan page (`goals/plan_detail.jinja`, on `base.jinja`) and the
objective rows shared with the goal and owner pages (`goals/_objectives.jinja`) are Jinja2
templates, rendered through Django's Jinja2 backend (settings.TEMPLATES, name "jinja2"). Every
other page is a Django template. Autoescaping is on; Django's safe strings stay safe.
"""

import functools

import jinja2
from django.template import engines
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from .rows import format_date
from .templatetags.plan_tags import percent, render_markdown


def url(name, *args):
    """`url("goals:plan", plan.slug)`, like Django's {% url %}; each URL reversed once per process."""
    return _reverse(get_script_prefix(), get_urlconf(), name, args)


@functools.lru_cache(maxsize=4096)
def _reverse(script_prefix, urlconf, name, args):
    # The prefix and URLconf are part of the key: reverse() reads them from the current request.
    return reverse(name, args=args or None)


@functools.lru_cache(maxsize=256)
def static_url(path):
    """Django's `static`, once per file: the manifest does not change while the process runs."""
    return static(path)


def date(value, fmt):
    """Django's `date` filter: `{{ plan.due_on|date("j F Y") }}`."""
    return format_date(value, fmt) if value else ""


def plural(count, suffixes="s"):
    """Django's `pluralize`: `objective{{ n|plural }}`, `{{ n|plural("is,are") }}`."""
    singular, _, many = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    return singular if count == 1 else many


def environment(**options):
    options = {**options, "undefined": jinja2.StrictUndefined}
    options.pop("autoescape", None)
    env = jinja2.Environment(autoescape=True, **options)
    env.globals.update(url=url, static=static_url)
    env.filters.update(
        date=date, floatformat=floatformat, percent=percent, markdown=render_markdown, plural=plural
    )
    return env


def render_objective_rows(rows, level):
    """The <li> of each ObjectiveRow, with headings at the given level (for Django templates)."""
    template = engines["jinja2"].env.get_template("goals/_objectives.jinja")
    return mark_safe(template.render(rows=rows, level=level))  # noqa: S308 - autoescaped by Jinja2
