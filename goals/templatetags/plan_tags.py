"""Template filters for the plan pages."""

import functools

import nh3
from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from goals import rules

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


@register.filter
def render_markdown(text):
    """Markdown to sanitized HTML."""
    return mark_safe(markdown_to_safe_html(text))  # noqa: S308 - sanitized by nh3 above


@register.filter
def percent(value):
    """A progress number as a whole percentage, or an em dash when there is nothing to measure."""
    if value is None:
        return "—"
    return f"{round(value)}%"


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
    return format_html('<span lang="{}">{}</span>', language, text) if language else conditional_escape(text)


def _language_if_other(plan):
    language = getattr(plan, "content_language", "")
    if not language or language.lower() == translation.get_language().lower():
        return ""
    return language
