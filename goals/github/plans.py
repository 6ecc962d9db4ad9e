"""A plan kept in a repository file: read it through the contents API and prepare its import as a
dry run (goals/handbook/), which waits for a founder's confirmation in the admin. Nothing in the
plan changes here."""

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from goals.github.client import GitHub, GitHubError, NotFound
from goals.handbook.importer import PlanImportError, import_plan
from goals.handbook.links import resolve_relative_links
from goals.handbook.markdown import PlanFormatError, parse_plan
from goals.models import Plan, PlanImport
from goals.models.github_urls import parse_github_file_url


@dataclass
class Prepared:
    plan_import: PlanImport | None  # None: the plan is already as the file says
    changes: list
    message: str


def fetch_file(client, url):
    """(text, sha) of the Markdown file at a https://github.com/owner/repo/blob/ref/path URL."""
    file = parse_github_file_url(url)
    path = f"repos/{file.owner}/{file.repo}/contents/{quote(file.path)}?ref={quote(file.ref, safe='')}"
    try:
        answer = client.get(path)
    except NotFound as error:
        raise GitHubError(_("The file %(url)s was not found on GitHub.") % {"url": url}) from error
    data = answer.data if isinstance(answer.data, dict) else {}
    if data.get("type") != "file" or data.get("encoding") != "base64":
        raise GitHubError(_("%(url)s is not a file GitHub can send (a folder, or over 1 MB).") % {"url": url})
    try:
        return base64.b64decode(data["content"]).decode("utf-8"), data.get("sha", "")
    except (binascii.Error, UnicodeDecodeError, KeyError) as error:
        raise GitHubError(_("%(url)s is not a UTF-8 text file.") % {"url": url}) from error


def prepare_import(url, *, slug=None, client=None):
    """Read the file and prepare its import as a dry run. Raises GitHubError or ValidationError in
    plain words; a file that changes nothing prepares nothing."""
    client = client or GitHub()
    url = url.strip()
    text, sha = fetch_file(client, url)
    # The file's own address is the base of its relative links (import_plan --base-url).
    text = resolve_relative_links(text, url)
    try:
        parsed = parse_plan(text)
    except PlanFormatError as error:
        raise ValidationError(
            _("line %(line)s: %(message)s") % {"line": error.line, "message": error.message}
        ) from error
    plan = Plan.objects.filter(github_source=url).first()
    slug = slug or (plan.slug if plan else parsed.slug)
    with transaction.atomic():
        try:
            report = import_plan(parsed, slug=slug, dry_run=True)
        except PlanImportError as error:
            raise ValidationError(
                _("line %(line)s: %(message)s") % {"line": error.line, "message": error.message}
            ) from error
        # A newer file replaces the import still waiting for this plan.
        PlanImport.objects.filter(slug=slug, state=PlanImport.State.WAITING).delete()
        if not report.changed:
            return Prepared(
                None, [], _("%(title)s: already up to date, nothing to import.") % {"title": parsed.title}
            )
        plan_import = PlanImport.objects.create(
            plan=Plan.objects.filter(slug=slug).first(),
            source_url=url,
            slug=slug,
            text=text,
            commit_sha=sha,
            changes=report.changes,
        )
    return Prepared(
        plan_import,
        report.changes,
        _("Prepared the import of “%(title)s” (%(count)s change(s)): a founder confirms it in the admin.")
        % {"title": parsed.title, "count": len(report.changes)},
    )


def prepare_due_plans(client):
    """Prepare the imports a push asked for (Plan.github_source_due); [(plan, message)]."""
    results = []
    for plan in Plan.objects.filter(github_source_due=True).exclude(github_source=""):
        try:
            message = prepare_import(plan.github_source, slug=plan.slug, client=client).message
        except GitHubError as error:
            message = error.message
        except ValidationError as error:
            message = _("%(url)s cannot be imported: %(why)s") % {
                "url": plan.github_source,
                "why": " ".join(error.messages),
            }
        Plan.objects.filter(pk=plan.pk).update(github_source_due=False)
        results.append((plan, message))
    return results
