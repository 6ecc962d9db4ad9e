"""The one Jinja2 template of the site: the objective rows of the list pages.

A list row is the hot loop of the public pages (1,000 rows on a 50 × 20 plan). As a Django template
it cost about two thirds of a cold render of the plan page; Jinja2 compiles the same markup to
Python and prints it several times faster. Everything else stays a Django template. Output is
escaped with Django's own `conditional_escape` (as `finalize`), so the HTML is byte for byte what
the Django template printed (`&#x27;`, not Jinja's `&#39;`), and values marked safe stay safe.
"""

import functools

import jinja2
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


@functools.cache
def environment():
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in settings.TEMPLATES[0]["DIRS"]]),
        autoescape=False,  # noqa: S701 - finalize escapes every value, the way Django does
        finalize=conditional_escape,
        undefined=jinja2.StrictUndefined,
        auto_reload=settings.DEBUG,
    )


def render_objective_rows(rows, level):
    """The <li> of each ObjectiveRow, with headings at the given level."""
    html = environment().get_template("goals/_objectives.jinja").render(rows=rows, level=level)
    return mark_safe(html)  # noqa: S308 - every value went through conditional_escape
