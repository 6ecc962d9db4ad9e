"""The Jinja2 environment of the public pages (settings.TEMPLATES, engine name "jinja2").

The public pages are read far more than anything else, and the plan page's cold render is what
the benchmark measures: printed by Django templates, its markup cost several times what the same
markup costs in Jinja2, which compiles templates to Python. So the public pages (templates/*.jinja,
on `base.jinja`; views render them with `using="jinja2"`) are Jinja2 templates, through Django's own
Jinja2 backend. The staff-facing board review, the admin and the error pages stay Django templates
(`base.html`). Autoescaping is on; Django's safe strings stay safe. The filters below are Django's,
under the same names, so the markup reads as it did.
"""

import functools

import jinja2
from django.template.defaultfilters import floatformat, truncatechars
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.timezone import template_localtime

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
    """Django's `date` filter: `{{ plan.due_on|date("j F Y") }}`, times in the site's time zone."""
    return format_date(template_localtime(value), fmt) if value else ""


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
        date=date,
        floatformat=floatformat,
        percent=percent,
        markdown=render_markdown,
        plural=plural,
        truncatechars=truncatechars,
    )
    return env
