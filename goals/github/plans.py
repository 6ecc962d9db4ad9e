"""A plan kept in a repository file: read it through the contents API and prepare its import as a
dry run (goals/handbook/), which waits for a founder's confirmation in the admin. Nothing in the
plan changes here."""

import base64
import binascii
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from goals.github.client import GitHub, GitHubError, NotFound
from goals.handbook.dry_run import prepare_dry_run
from goals.handbook.importer import PlanImportError
from goals.handbook.links import resolve_relative_links
from goals.handbook.markdown import PlanFormatError
from goals.models import Plan
from goals.models.github_urls import parse_github_file_url


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
    except (binascii.Error, UnicodeDecodeError, KeyError, TypeError) as error:
        raise GitHubError(_("%(url)s is not a UTF-8 text file.") % {"url": url}) from error


def prepare_import(url, *, slug=None, client=None):
    """Read the file and prepare its import as a dry run. Raises GitHubError or ValidationError in
    plain words; a file that changes nothing prepares nothing."""
    client = client or GitHub()
    url = url.strip()
    text, sha = fetch_file(client, url)
    # The file's own address is the base of its relative links (import_plan --base-url).
    text = resolve_relative_links(text, url)
    plan = Plan.objects.filter(github_source=url).first()
    try:
        return prepare_dry_run(
            text, slug=slug or (plan.slug if plan else None), source_url=url, commit_sha=sha
        )
    except (PlanFormatError, PlanImportError) as error:
        raise ValidationError(
            _("line %(line)s: %(message)s") % {"line": error.line, "message": error.message}
        ) from error


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
