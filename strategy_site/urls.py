"""One URL namespace per audience: `public` and `opendata` are what the page cache may keep
(STRATEGY_PAGE_CACHE_NAMESPACES); `board` (the review pages), `notifications` (e-mail preferences,
unsubscribe links) and the admin never are."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from goals.github.views import github_hook
from goals.opendata.api import api
from goals.public.files import uploaded_file

from .accounts import SignInView
from .health import healthz
from .language import set_language, signs_in_to_stored_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers and crawlers ask for /favicon.ico whatever the page links: the site's icon, not a 404.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    # The admin's sign-in, before the admin's own URLs: signing in switches to the stored language.
    path(f"{settings.ADMIN_URL}login/", signs_in_to_stored_language(admin.site.login)),
    path(settings.ADMIN_URL, admin.site.urls),
    # The site's sign-in (LOGIN_URL), for the review pages: never the admin's, whose path may be secret.
    path("accounts/login/", signs_in_to_stored_language(SignInView.as_view()), name="login"),
    # Signing out is a POST (Django's LogoutView), from the button by "Signed in as" on /me/ and /review/.
    path("accounts/logout/", LogoutView.as_view(next_page="public:home"), name="logout"),
    # The footer's language switcher (a form; no JavaScript).
    path("language/", set_language, name="set_language"),
    # The API's own address (the README's) leads to its documentation, not to a 404.
    path("api/v1/", RedirectView.as_view(pattern_name="api-v1:openapi-view")),
    path("api/v1/", api.urls),
    # GitHub's webhook deliveries: verified, recorded, and left to `manage.py sync_github --queued`.
    path("hooks/github", github_hook, name="github-hook"),
    path("review/", include("goals.board.urls")),
    # The owners' own page: their objectives and a check-in form for each (signed in).
    path("me/", include("goals.workspace.urls")),
    # E-mail preferences and unsubscribe links (goals/notifications/).
    path("", include("goals.notifications.urls")),
    # Uploaded evidence and check-in files: always a download (goals/public/files.py), whatever its type.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", uploaded_file, name="uploaded-file"),
    path("", include("goals.opendata.urls")),
    path("", include("goals.public.urls")),
]
