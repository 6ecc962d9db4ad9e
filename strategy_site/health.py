"""GET /healthz: is this app server able to serve pages? For load balancers and uptime checks."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unavailable: %s", error.__class__.__name__)
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", 10)
        if cache.get("healthz") != "ok":
            checks["cache"] = "unavailable"
    except Exception as error:  # noqa: BLE001 - every cache backend raises its own errors
        logger.warning("Health check: cache unavailable: %s", error.__class__.__name__)
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "unavailable", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
