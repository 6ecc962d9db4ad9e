"""Template filters for the plan pages."""

import functools
import html
import re

import nh3
from django import template
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext
from markdown_it import MarkdownIt

from goals import rules
from goals.models.objective import status_count as objective_status_count

register = template.Library()

# Raw HTML in Markdown is escaped by markdown-it ("html": False); nh3 then drops anything unsafe
# that Markdown itself can produce, such as javascript: links.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {
    "a", "p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "br", "hr",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}


# The same text always gives the same HTML, and parsing plus sanitizing is the costliest part of
# a small page (the plan's introduction on every render): keep the last few hundred results.
@functools.lru_cache(maxsize=512)
def markdown_to_safe_html(text):
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# nh3 writes every table as a bare <table> (it keeps no attribute of one), and a "<table>" typed
# in the text is escaped: these match only the tables that Markdown made.
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_HEADER_CELL = re.compile(r"<th>(.*?)</th>", re.DOTALL)


def _scroll_box(match):
    columns = ", ".join(html.unescape(strip_tags(cell)) for cell in _HEADER_CELL.findall(match[1]))
    # A box of its own that scrolls sideways, so a wide table never widens the page on a phone;
    # focusable and named, so that keyboard users can scroll it too.
    return format_html(
        '<div class="table-scroll" tabindex="0" role="region" aria-label="{}">{}</div>',
        gettext("Table: %(columns)s") % {"columns": columns} if columns else gettext("Table"),
        mark_safe(match[0]),  # noqa: S308 - sanitized by nh3
    )


@register.filter
def render_markdown(text):
    """Markdown to sanitized HTML, each table in a box that scrolls sideways."""
    return mark_safe(_TABLE.sub(_scroll_box, markdown_to_safe_html(text)))  # noqa: S308 - sanitized by nh3


@register.filter
def percent(value):
    """A progress number as a whole percentage, or an em dash when there is nothing to measure."""
    return rules.format_percent(value)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with `page` set to `number` (the filters are kept)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return query.urlencode()


@register.filter
def measured(value):
    """A measured value as people write it: 3, 2.5, 1,200."""
    return rules.format_value(value)


@register.filter
def status_count(count, status):
    """ "2 done": a count of objectives in a status (`{{ count|status_count:status }}`)."""
    return objective_status_count(status, count)


@register.filter
def describe_value(key_result, value):
    """ "3 of 2 institutions": a value against its key result's target."""
    return key_result.describe(value)


@register.filter
def lang_attribute(plan):
    """` lang="…"` for an element holding the plan's own words (its title, goals and objectives)
    when they are in another language than the page around them; nothing when they are not.
    Screen readers then switch voice for them."""
    language = _language_if_other(plan)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def in_language_of(text, plan):
    """The plan's words amid the page's (a key result's metric in a sentence): in a
    <span lang="…"> when they are in another language than the page, else just the text."""
    language = _language_if_other(plan)
    return _in_language(language, text) if language else conditional_escape(text)


@register.simple_tag
def naming_plan_words(sentence, words, plan):
    """A sentence of the site's that names the plan's `words` (a chart's description naming its goal
    or its metric): escaped, the words in a <span lang="…"> wherever they appear (in any case) when
    the plan is in another language than the page."""
    language = _language_if_other(plan)
    if not language or not words:
        return conditional_escape(sentence)
    pieces = re.split(f"({re.escape(words)})", str(sentence), flags=re.IGNORECASE)
    return mark_safe(  # noqa: S308 - every piece is escaped
        "".join(
            _in_language(language, piece) if number % 2 else conditional_escape(piece)
            for number, piece in enumerate(pieces)
        )
    )


def _in_language(language, text):
    return format_html('<span lang="{}">{}</span>', language, text)


def _language_if_other(plan):
    language = getattr(plan, "content_language", "")
    if not language or language.lower() == translation.get_language().lower():
        return ""
    return language


@register.filter
def duration(value):
    """A timedelta in words, to the minute, in Django's translations: "1 hour", "1 hour, 30 minutes"."""
    now = timezone.now()
    return timesince(now - value, now, depth=2)
