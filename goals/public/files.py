"""Uploaded evidence files, served only as downloads and only to those who may see the evidence."""

from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404

from goals.models import Evidence


def evidence_file(request, path):
    evidence = (
        Evidence.objects.filter(file=path)
        .annotate(anyone_may_see=Exists(Evidence.objects.public().filter(pk=OuterRef("pk"))))
        .select_related("objective")
        .first()
    )
    is_public = evidence is not None and evidence.anyone_may_see
    # Upload paths are easy to guess, so a refused internal file must answer exactly as a missing
    # one: one query for both, the permission asked for both (it reads the session, which sets
    # `Vary: Cookie`), the same 404, and no file opened.
    allowed = is_public or request.user.has_perm("goals.see_internal_evidence", evidence)
    if evidence is None or not allowed:
        raise Http404("No such file.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    # A download, never a page: an uploaded .html or .svg cannot run in the site's origin.
    response = FileResponse(handle, as_attachment=True, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Shared caches may keep only what the public may see, and only briefly: evidence can be made
    # internal (or its plan a draft) again at any time.
    response["Cache-Control"] = "public, max-age=300" if is_public else "private, no-store"
    return response
