"""Uploaded files of evidence and check-ins, served only as downloads and only to those who may see
the entry they belong to: anyone for a public entry on a public objective, else those with the
permission (goals/permissions.py); to everyone else a hidden file is as missing as one never uploaded."""

from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.utils.translation import gettext

from goals.models import CheckIn, Evidence
from goals.models.key_result import CHECK_IN_FILES


def uploaded_file(request, path):
    # Each kind is stored under its own folder (check_in_upload_to, evidence_upload_to).
    if path.startswith(CHECK_IN_FILES):
        model, permission = CheckIn, "goals.see_internal_check_in"
    else:
        model, permission = Evidence, "goals.see_internal_evidence"
    entry = (
        model.objects.filter(file=path)
        .annotate(anyone_may_see=Exists(model.objects.public().filter(pk=OuterRef("pk"))))
        .select_related("objective")
        .first()
    )
    is_public = entry is not None and entry.anyone_may_see
    # Upload paths are easy to guess, so a refused internal file must answer exactly as a missing
    # one: one query for both, the permission asked for both (it reads the session, which sets
    # `Vary: Cookie`), the same 404, and no file opened.
    allowed = is_public or request.user.has_perm(permission, entry)
    if entry is None or not allowed:
        raise Http404(gettext("No such file."))
    try:
        handle = entry.file.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("No such file.")) from None
    # A download, never a page: an uploaded .html or .svg cannot run in the site's origin.
    response = FileResponse(handle, as_attachment=True, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Shared caches may keep only what the public may see, and only briefly: an entry can be made
    # internal (or its plan a draft) again at any time.
    response["Cache-Control"] = "public, max-age=300" if is_public else "private, no-store"
    return response
