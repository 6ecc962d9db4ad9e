"""Uploaded evidence files, served only as downloads and only to those who may see the evidence."""

from django.http import FileResponse, Http404

from .models import Evidence
from .roles import reads_everything


def evidence_file(request, path):
    evidence = Evidence.objects.filter(file=path).select_related("objective").first()
    if evidence is None or not _may_see(request.user, evidence):
        raise Http404("No such file.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    # A download, never a page: an uploaded .html or .svg cannot run in the site's origin.
    response = FileResponse(handle, as_attachment=True, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store" if not evidence.is_public else "public, max-age=3600"
    return response


def _may_see(user, evidence):
    if Evidence.objects.public().filter(pk=evidence.pk).exists():
        return True
    if not (user.is_authenticated and user.is_staff and user.has_perm("goals.view_evidence")):
        return False
    return reads_everything(user) or evidence.objective.owners.filter(user=user).exists()
