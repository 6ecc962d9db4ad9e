from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from goals.api import api
from goals.files import evidence_file

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", api.urls),
    # Uploaded evidence: always a download (goals/files.py), whatever its type.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", evidence_file, name="evidence-file"),
    path("", include("goals.urls")),
]
