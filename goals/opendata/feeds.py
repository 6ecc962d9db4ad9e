"""Atom feeds of progress updates and new public evidence, for a whole plan and for one goal.

An entry is one of the updates of goals/updates.py (what counts, read once there, and shown as
HTML on the recent updates pages): a piece of public evidence, a public check-in, or an
objective's current status once it has moved. A status change gets a new entry id, so feed
readers show it as new. The feed's alternate link is the recent updates page.

Titles are text (the XML writer escapes them); summaries are HTML, built from Markdown by the
sanitizer or from plain fields by `format_html`, which escapes each one. The feed's `xml:lang` is the
reader's language (its own words are translated); in a summary, the plan's words are marked with
the plan's language, as on the pages. A title is text only, so it cannot mark them.
"""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from goals import updates
from goals.models import Goal, Plan
from goals.opendata.naming import with_organization
from goals.opendata.xml_text import xml_text
from goals.rules import format_percent, format_value
from goals.templatetags.plan_tags import in_language_of, lang_attribute, markdown_to_safe_html


class Entry:
    """One feed entry, whatever it came from."""

    def __init__(self, *, title, link, guid, updated, published, summary, category):
        self.title = title
        self.link = link
        self.guid = guid
        self.updated = updated
        self.published = published
        self.summary = summary
        self.category = category


def _in_language_of(html, plan):
    """A summary's block of the plan's words (its Markdown) in the plan's language."""
    language = lang_attribute(plan)
    return format_html("<div{}>{}</div>", language, html) if language and html else html


def evidence_entry(evidence):
    objective = evidence.objective
    summary = _in_language_of(mark_safe(markdown_to_safe_html(evidence.summary)), objective.goal.plan)  # noqa: S308 - sanitized by nh3
    if evidence.metric_value is not None:
        metric = f"{evidence.metric_value.normalize():f} {evidence.metric_unit}".rstrip()
        summary += format_html("<p>{}</p>", metric)
    return Entry(
        title=f"{evidence.title} ({objective.statement})",
        link=evidence.get_absolute_url(),
        guid=evidence.get_absolute_url(),
        updated=evidence.updated_at,
        published=evidence.created_at,
        summary=summary,
        category="Evidence",
    )


def status_entry(objective):
    changed = objective.status_updated_at
    return Entry(
        title=gettext("%(status)s, %(progress)s%%: %(statement)s")
        % {
            "status": objective.get_status_display(),
            "progress": objective.progress,
            "statement": objective.statement,
        },
        link=objective.get_absolute_url(),
        guid=f"{objective.get_absolute_url()}#status-{changed:%Y%m%dT%H%M%S%f}",
        updated=changed,
        published=changed,
        summary=format_html(
            gettext("<p>{}</p><p>Status: {}. Progress: {}%.</p>"),
            in_language_of(objective.statement, objective.goal.plan),
            objective.get_status_display(),
            objective.progress,
        ),
        category="Status",
    )


def check_in_entry(check_in):
    """A check-in: what it set, what happened, its links and who posted it, every text escaped."""
    objective = check_in.objective
    key_result = getattr(objective, "key_result", None)
    facts = []
    if check_in.status:
        facts.append((gettext("Status"), check_in.get_status_display()))
    if check_in.value is not None:
        facts.append(
            (
                gettext("Measured"),
                key_result.describe(check_in.value) if key_result else format_value(check_in.value),
            )
        )
    if check_in.progress is not None:
        facts.append((gettext("Progress"), format_percent(check_in.progress)))
    if check_in.confidence:
        facts.append((gettext("Confidence"), check_in.get_confidence_display()))
    author = check_in.author_name()
    links = check_in.link_list()
    summary = format_html(
        "{}{}{}{}",
        format_html_join("", "<p>{}: {}.</p>", facts),
        _in_language_of(mark_safe(markdown_to_safe_html(check_in.note)), objective.goal.plan),  # noqa: S308 - sanitized by nh3
        format_html_join("", '<p><a href="{}">{}</a></p>', ((link, link) for link in links)),
        format_html(gettext("<p>Posted by {}.</p>"), author) if author else "",
    )
    headline = "; ".join(f"{name.lower()} {value}" for name, value in facts[:2])
    return Entry(
        title=gettext("Check-in: %(objective)s") % {"objective": objective.statement}
        + (f" ({headline})" if headline else ""),
        link=check_in.get_absolute_url(),
        guid=check_in.get_absolute_url(),
        updated=check_in.updated_at,
        published=check_in.created_at,
        summary=summary,
        category="Check-in",
    )


ENTRY_BUILDERS = {"status": status_entry, "evidence": evidence_entry, "check_in": check_in_entry}


def entries(latest):
    """Feed entries for the updates of goals/updates.py, in their order."""
    return [ENTRY_BUILDERS[update.kind](update.item) for update in latest]


def _xml_value(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):  # categories
        return [_xml_value(item) for item in value]
    return value


def _xml_values(values):
    return {key: _xml_value(value) for key, value in values.items()}


class XMLTextAtomFeed(Atom1Feed):
    """Atom 1.0 whose every text, the feed's and each entry's, holds only what XML 1.0 can carry
    (Django's writer raises on the rest, which would make the feed a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = _xml_values(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = _xml_values(self.items[-1])


class PlanFeed(Feed):
    feed_type = XMLTextAtomFeed

    # No `language`: the syndication framework then writes the reader's language (get_language())
    # as the feed's xml:lang. It reads the attribute as it is (a method would be written out as
    # "<bound method …>"), so it cannot be a method as other feed fields can.

    def get_object(self, request, plan_slug):
        self.domain = get_current_site(request).domain
        self.secure = request.is_secure()
        return get_object_or_404(Plan.objects.public(), slug=plan_slug)

    def title(self, plan):
        return with_organization(gettext("%(title)s: progress updates") % {"title": plan.title})

    def subtitle(self, plan):
        return gettext("Status changes and new evidence for the objectives of “%(plan)s”.") % {
            "plan": plan.title
        }

    def link(self, plan):
        """The feed as a web page: the recent updates page."""
        return reverse("public:plan-updates", args=[plan.slug])

    def author_name(self, plan):
        return settings.STRATEGY_ORGANIZATION_NAME or plan.title

    def feed_guid(self, obj):
        # The plan's or goal's address, as before the alternate link was the updates page: readers
        # know a feed by its id.
        return add_domain(self.domain, obj.get_absolute_url(), self.secure)

    def items(self, plan):
        return entries(updates.plan_updates(plan))

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return add_domain(self.domain, entry.guid, self.secure)

    item_guid_is_permalink = False

    def item_updateddate(self, entry):
        return entry.updated

    def item_pubdate(self, entry):
        return entry.published

    def item_categories(self, entry):
        return [entry.category]

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The syndication view dates the response by its newest entry; `public_condition` dates it by
        # the newest public change (an edited goal counts too), so that If-Modified-Since agrees.
        del response.headers["Last-Modified"]
        return response


class GoalFeed(PlanFeed):
    def get_object(self, request, plan_slug, goal_slug):
        self.domain = get_current_site(request).domain
        self.secure = request.is_secure()
        return get_object_or_404(
            Goal.objects.public().select_related("plan"), plan__slug=plan_slug, slug=goal_slug
        )

    def title(self, goal):
        return with_organization(gettext("%(title)s: progress updates") % {"title": goal.title})

    def subtitle(self, goal):
        return gettext("Status changes and new evidence for the goal “%(goal)s” of “%(plan)s”.") % {
            "goal": goal.title,
            "plan": goal.plan.title,
        }

    def link(self, goal):
        return reverse("public:goal-updates", args=[goal.plan.slug, goal.slug])

    def author_name(self, goal):
        return settings.STRATEGY_ORGANIZATION_NAME or goal.plan.title

    def items(self, goal):
        return entries(updates.goal_updates(goal))
