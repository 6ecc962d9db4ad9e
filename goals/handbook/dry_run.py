"""A plan's Markdown prepared as a dry run (a PlanImport) that waits for a founder's confirmation
in the admin: the one way a file from GitHub and a file uploaded in the admin become an import.
Nothing in the plan changes here."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from goals.handbook.importer import import_plan
from goals.handbook.markdown import parse_plan
from goals.models import Plan, PlanImport

# The largest file an upload may be (GitHub's contents API sends files up to 1 MB too); the
# 2i2c handbook's plan is 12 kB.
MAX_BYTES = 1_000_000


class FileNotReadable(ValueError):
    """The uploaded bytes are not a plan's text: too large, or not UTF-8. The message is plain words."""


@dataclass
class Prepared:
    plan_import: PlanImport | None  # None: the plan is already as the file says
    changes: list
    message: str


def read_upload(data):
    """The text of an uploaded plan file (its bytes, read up to MAX_BYTES + 1), or FileNotReadable."""
    if len(data) > MAX_BYTES:
        raise FileNotReadable(
            _("The file is larger than %(size)s MB: a plan's Markdown is far smaller; is it the right file?")
            % {"size": MAX_BYTES // 1_000_000}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileNotReadable(
            _("The file is not UTF-8 text: save it as UTF-8 (“Unicode (UTF-8)” in the editor's Save As).")
        ) from None


def prepare_dry_run(text, *, slug=None, source_url="", file_name="", commit_sha="", uploaded_by=None):
    """Parse `text` and store its import as a dry run for the plan `slug` (default: from the file's
    title), replacing one still waiting. Raises PlanFormatError or PlanImportError (with the line);
    a file that changes nothing prepares nothing."""
    parsed = parse_plan(text)
    slug = slug or parsed.slug
    with transaction.atomic():
        report = import_plan(parsed, slug=slug, dry_run=True)
        # A newer file replaces the import still waiting for this plan.
        PlanImport.objects.filter(slug=slug, state=PlanImport.State.WAITING).delete()
        if not report.changed:
            return Prepared(
                None, [], _("%(title)s: already up to date, nothing to import.") % {"title": parsed.title}
            )
        plan_import = PlanImport.objects.create(
            plan=Plan.objects.filter(slug=slug).first(),
            source_url=source_url,
            file_name=file_name,
            uploaded_by=uploaded_by,
            slug=slug,
            text=text,
            commit_sha=commit_sha,
            changes=report.changes,
        )
    return Prepared(
        plan_import,
        report.changes,
        _("Prepared the import of “%(title)s” (%(count)s change(s)): a founder confirms it in the admin.")
        % {"title": parsed.title, "count": len(report.changes)},
    )
