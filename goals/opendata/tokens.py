"""Who may write through the API: a bearer token (goals.ApiToken), and how often.

401 without a token, with one that is not a token, with a revoked or expired one, or with one whose
owner's login is deactivated; the rate limit counts
per token, so one busy script cannot slow another. A session cookie never authenticates a write,
which is why these endpoints need no CSRF check (ninja exempts them; a browser cannot send
another site's Authorization header).
"""

import time

from django.core.cache import caches
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from goals.models import ApiToken

HOW_TO = "Send an API token as “Authorization: Bearer <token>” (founders issue them in the admin)."


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sst_…`: the request's `auth` is the ApiToken."""

    def __call__(self, request):
        header = request.headers.get(self.header, "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not value.strip():
            raise AuthenticationError(message=f"No API token. {HOW_TO}")
        return self.authenticate(request, value.strip())

    def authenticate(self, request, token):
        api_token = ApiToken.find(token)
        if api_token is None:
            raise AuthenticationError(message=f"This is not a valid API token. {HOW_TO}")
        if api_token.revoked_at is not None:
            raise AuthenticationError(message="This API token was revoked: ask a founder for a new one.")
        if api_token.is_expired:
            when = f"{api_token.expires_at:%Y-%m-%d %H:%M}"
            raise AuthenticationError(
                message=f"This API token expired on {when} UTC: ask a founder for a new one."
            )
        if not api_token.is_live:
            raise AuthenticationError(
                message="The login this API token posts for is deactivated: ask a founder to reactivate it."
            )
        api_token.record_use()
        return api_token


class TokenRateThrottle(BaseThrottle):
    """At most `requests` per token in each fixed window of `seconds` (a counter in the cache).

    A counter, not ninja's SimpleRateThrottle: that one reads a list of times, appends and writes
    it back, so two workers answering at once can both let a request through; `cache.incr` is
    atomic in Redis and in the per-process cache alike.
    """

    def __init__(self, requests=60, seconds=60):
        self.requests = requests
        self.seconds = seconds

    def allow_request(self, request):
        window = int(time.time() // self.seconds)
        key = f"api-token-rate:{request.auth.pk}:{window}"
        cache = caches["default"]
        cache.add(key, 0, timeout=self.seconds * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=self.seconds * 2)
            count = 1
        return count <= self.requests

    def wait(self):
        """Seconds until the window ends (ninja sends it as Retry-After, rounded up)."""
        return self.seconds - time.time() % self.seconds
