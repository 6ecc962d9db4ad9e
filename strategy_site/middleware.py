"""Site-wide middleware: a 400 for NUL characters, an honest 503 when the database is away, and a
Permissions-Policy header."""

import logging
from urllib.parse import unquote

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class RefuseNulMiddleware:
    """Answer 400 with a plain page to a request whose path, query string or cookies carry NUL.

    PostgreSQL refuses NUL in text, so every lookup that passed one on (a slug in the API, a filter,
    an evidence file's name, a session key) raised instead of finding nothing. No real link or
    cookie carries one, so one check here, before any view, cache or session reads the request,
    covers every URL. Form fields refuse NUL on their own (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.carries_nul(request):
            response = HttpResponse(render_to_string("400.html"), status=400)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)

    @staticmethod
    def carries_nul(request):
        # The path is percent-decoded already; the query string is decoded here as QueryDict would.
        return (
            "\x00" in request.path
            or "\x00" in unquote(request.META.get("QUERY_STRING", ""))
            or any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items())
        )


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page, not a 500 and a stack trace, while the database is unreachable.

    Connections are checked before reuse (CONN_HEALTH_CHECKS), so the first request after the
    database is back gets a fresh connection: the site recovers without a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception.__class__.__name__, extra={"path": request.path})
        # No request context: context processors might query the database that just failed.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """Deny browser features no page of ours uses (camera, location, payments, ...)."""

    header = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "camera",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "payment",
            "usb",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
