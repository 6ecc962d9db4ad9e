"""Site-wide middleware: a 413 for a body larger than anything the site takes, a 400 for NUL
characters, an honest 503 when the database is away, a Permissions-Policy header, and the site's
own 404 page in development."""

import logging
from urllib.parse import unquote

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.defaults import page_not_found

logger = logging.getLogger(__name__)


def max_request_bytes():
    """The largest body the site takes: an upload at its limit with the form around it (1 MB for
    the fields and the multipart framing), or a GitHub delivery at its own limit."""
    upload = (settings.STRATEGY_MAX_UPLOAD_MB + 1) * 1024 * 1024
    return max(upload, settings.GITHUB_WEBHOOK_MAX_BYTES + 1)


class RefuseLargeBodyMiddleware:
    """Answer 413 to a request whose declared body is larger than max_request_bytes(), unread.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves out a multipart body's files, which it streams to
    temporary files whatever their size, and CSRF checks or a csrf-exempt view (the language
    switcher) read the form before any upload field checks its limit: anyone could make a server
    write gigabytes to its disk. Under WSGI, Django reads no more than Content-Length, so checking
    that header is enough. The webhook keeps its own, lower limit and answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = max_request_bytes()
        if declared > limit and request.path_info != reverse("github-hook"):
            logger.warning("Request body refused: %s bytes", declared, extra={"path": request.path})
            # Before LocaleMiddleware: the page is in the reader's language all the same.
            with translation.override(translation.get_language_from_request(request)):
                page = render_to_string("413.html", {"limit": settings.STRATEGY_MAX_UPLOAD_MB})
            response = HttpResponse(page, status=413)
            response["Cache-Control"] = "no-store"
            # The body is left unread: the server closes the connection rather than drain it.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


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


class SiteNotFoundPageMiddleware:
    """With DEBUG on (`make run`), answer a 404 with the site's own page, as production does.

    Django's debug 404 (its list of URL patterns) is what a developer would otherwise see for an
    unknown page, so the page visitors get went untried until deployed. Only the 404 changes:
    a 500 still shows Django's traceback, static files are served as before, and a view's own
    404 response (the API's JSON) is kept. STRATEGY_TECHNICAL_404=True brings back Django's page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def applies():
        return settings.DEBUG and not settings.STRATEGY_TECHNICAL_404

    def __call__(self, request):
        response = self.get_response(request)
        # No resolver match: no URL pattern took the path, and Django answered with its debug page.
        if response.status_code == 404 and request.resolver_match is None and self.applies():
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        """A view's Http404 (get_object_or_404, a draft's address) gets the site's page too."""
        if isinstance(exception, Http404) and self.applies():
            return page_not_found(request, exception)
        return None
