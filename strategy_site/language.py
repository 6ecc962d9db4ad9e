"""The footer's language switcher posts here: Django's `set_language`, which stores the choice in
the language cookie and sends the reader back to the page they were on. For a signed-in person the
choice is also remembered as the language of their e-mails (NotificationPreference.language), which
are written outside any request and so cannot read the cookie; anonymous visitors keep the cookie only.

Without a CSRF token, on purpose: the switcher is in the footer of every public page, and a token
would set a CSRF cookie on each of them, so that no page could be cached, and the cached copy would
hand one visitor's token to the next. Instead a cross-site post is refused by its Origin header,
which browsers send with every cross-origin POST. The worst a forged post could do is change the
reader's language (and a signed-in reader's e-mails'), which any page's footer changes back.
"""

from django.conf import settings
from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from goals.models import NotificationPreference


@csrf_exempt
@require_POST
def set_language(request):
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.get_host()}":
        return HttpResponseForbidden("The language can only be changed from this site's pages.")
    response = django_set_language(request)
    chosen = request.POST.get("language")
    # Django sets the cookie for any language it has a catalogue of; only the site's are kept.
    if request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        NotificationPreference.remember_language(request.user, chosen)
    return response
