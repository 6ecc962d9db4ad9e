"""The site's own sign-in page, at /accounts/login/ (LOGIN_URL), where the review pages send
visitors who are not signed in. It lives outside the admin so that it never reveals the admin's
path (DJANGO_ADMIN_URL may be a secret), and looks like the rest of the site.

django-axes counts its failures as it does the admin's: it watches `authenticate()`, which the
form calls with the request.
"""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.shortcuts import resolve_url


class SignInView(LoginView):
    template_name = "registration/login.html"

    def get_default_redirect_url(self):
        """Where a sign-in lands without a safe `next`: the review pages for those who may review,
        the owners' page for a login linked to an owner, the home page (LOGIN_REDIRECT_URL) for
        everyone else. An unsafe `next` (another host) is dropped by LoginView before this is asked."""
        user = self.request.user
        if user.has_perm("goals.review_plans"):
            return resolve_url("board:home")
        if hasattr(user, "owner"):
            return resolve_url("workspace:mine")
        return resolve_url(settings.LOGIN_REDIRECT_URL)
