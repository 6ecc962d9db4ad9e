"""The reader's language: the middleware that chooses it, the footer's switcher, and the language a
person stored, which signing in switches the pages to.

The switcher posts to Django's `set_language`, which stores the choice in the language cookie and
sends the reader back to the page they were on. For a signed-in person the choice is also remembered
as the language of their e-mails (NotificationPreference.language), which are written outside any
request and so cannot read the cookie; anonymous visitors keep the cookie only.

Without a CSRF token, on purpose: the switcher is in the footer of every public page, and a token
would set a CSRF cookie on each of them, so that no page could be cached, and the cached copy would
hand one visitor's token to the next. Instead a cross-site post is refused by its Origin header,
which browsers send with every cross-origin POST. The worst a forged post could do is change the
reader's language (and a signed-in reader's e-mails'), which any page's footer changes back.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseForbidden
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from goals.models import NotificationPreference


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, and every answer says it varies by Cookie too, since the language cookie chose its
    words. Django names only Accept-Language, so a badge (public for 5 minutes) or an API answer in
    one reader's cookie language could be kept by a shared cache and handed to readers of another."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response


@csrf_exempt
@require_POST
def set_language(request):
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.get_host()}":
        return HttpResponseForbidden(gettext("The language can only be changed from this site's pages."))
    response = django_set_language(request)
    chosen = request.POST.get("language")
    # Django sets the cookie for any language it has a catalogue of; only the site's are kept.
    if request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        NotificationPreference.remember_language(request.user, chosen)
    return response


def set_language_cookie(response, language):
    """The language cookie, set as Django's `set_language` sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def signs_in_to_stored_language(login_view):
    """A sign-in view whose successful sign-in also sets the language cookie to the language the
    person stored (NotificationPreference.language), while the site offers it, so that the pages
    after it are in the language of their e-mails whatever the browser asks for. Without one, the
    browser's language or the cookie it has keep deciding.

    Django's LoginView answers a POST with a redirect only when the form signed someone in."""

    @wraps(login_view)
    def view(request, *args, **kwargs):
        response = login_view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 302 and request.user.is_authenticated:
            language = NotificationPreference.for_user(request.user).offered_language
            if language:
                set_language_cookie(response, language)
        return response

    return view
