"""A cache for the public pages that stays correct across gunicorn workers and hosts.

A cached page is keyed on scheme, host, path with query string, and the *content version*: one
database row (`ContentVersion`) that goes up in the same transaction as any change to the plan
data. Every worker reads that row once per request, so the request after an edit misses in every
worker and renders fresh; the old entries are never read again and expire or get culled. The
version lives in the database, not in the cache, because the default cache (LocMem) is per process.

Why a middleware placed right after WhiteNoise, not a decorator on each view: a hit then skips
sessions, CSRF, auth, messages, history and view dispatch, which is what brings a cached page near
the speed of a static file; and the views stay untouched. It is still limited to the public pages:
a request is considered only if its path resolves to a view in STRATEGY_PAGE_CACHE_NAMESPACES
(the `goals` app), so the admin, static files and anything else pass straight through.

Who is served from or stored in the cache: GET and HEAD requests that carry no session, CSRF or
messages cookie. A signed-in user always has a session cookie, so never gets the anonymous copy
(they may see more) and never fills it. Only 200 responses to GET are stored, and only if they
set no cookie and are not marked private or no-store.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, set_response_etag
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CACHE_STATUS_HEADER = "X-Page-Cache"
# What a cache backend raises when its server is away: Redis raises its own RedisError subclasses.
CACHE_ERRORS = (OSError, RedisError)
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


def content_version(request=None):
    """(version, Unix time of the last change) that every worker shares; read once per request."""
    if request is not None and hasattr(request, "_content_version"):
        return request._content_version
    from .models import ContentVersion

    version = ContentVersion.objects.filter(pk=1).values_list("value", "changed_at").first() or (0, 0)
    if request is not None:
        request._content_version = version
    return version


def bump_content_version(**kwargs):
    """Make every cached public page stale; runs in the caller's transaction, so it commits with it."""
    from .models import ContentVersion

    now = int(time.time())
    if ContentVersion.objects.filter(pk=1).update(value=F("value") + 1, changed_at=now):
        return
    # The row is missing (a flushed test database): create it, or bump it if another process just did.
    _, created = ContentVersion.objects.get_or_create(pk=1, defaults={"value": 1, "changed_at": now})
    if not created:
        ContentVersion.objects.filter(pk=1).update(value=F("value") + 1, changed_at=now)


def bump_on_m2m_change(action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_content_version()


def connect_signals():
    """Bump the version on every save, delete and owner change of the plan data.

    Signals rather than explicit calls, because plan data changes from many places: the admin
    (and its inlines), the Markdown importer, the update forms and API that later issues add,
    `manage.py shell`, fixtures. One receiver per model cannot be forgotten by a new code path;
    an explicit call in each of them could. Bulk operations (`bulk_create`, `QuerySet.update`)
    send no signal: code that uses them calls `bump_content_version()` itself (generate_plan does).
    """
    from .models import Evidence, Goal, Objective, Owner, Plan, Review

    # Reviews too: a published one shows on the public plan page.
    for model in (Plan, Goal, Objective, Owner, Evidence, Review):
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(bump_on_m2m_change, sender=Objective.owners.through, dispatch_uid="page-cache-owners")


def page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # The day too: expected progress, flags and "time left" move at midnight without any edit.
    return f"page:{version}:{local_day()}:{hashlib.sha256(url.encode()).hexdigest()}"


def local_day():
    """Today in the site's time zone as YYYYMMDD."""
    return f"{timezone.localdate():%Y%m%d}"


def is_cacheable_request(request):
    if not settings.STRATEGY_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    bypass_header = settings.STRATEGY_PAGE_CACHE_BYPASS_HEADER
    if bypass_header and bypass_header in request.META:
        return False
    personal_cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name)
    if any(name in request.COOKIES for name in personal_cookies):
        return False
    return is_public_path(
        request.path_info, request.urlconf if hasattr(request, "urlconf") else settings.ROOT_URLCONF
    )


def is_public_path(path_info, urlconf):
    """Whether the path resolves to a view in STRATEGY_PAGE_CACHE_NAMESPACES; memoized per path."""
    return _is_public_path(path_info, urlconf, tuple(settings.STRATEGY_PAGE_CACHE_NAMESPACES))


# URL patterns do not change while a process runs, so resolving a path once is enough: this saves
# a resolve() on every cache hit. Bounded, so a crawl of made-up paths cannot grow it for ever.
@functools.lru_cache(maxsize=2048)
def _is_public_path(path_info, urlconf, namespaces):
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return False
    return match.namespace in namespaces


def is_cacheable_response(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNCACHEABLE_DIRECTIVES


class PublicPageCacheMiddleware:
    """Serve anonymous public pages from the cache, keyed on the shared content version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        cache = caches[settings.STRATEGY_PAGE_CACHE_ALIAS]
        try:
            # Read the version before rendering: if an edit commits during the render, the page is
            # stored under the old version and the next request renders again.
            key = page_key(request, content_version(request)[0])
            cached = cache.get(key)
        except (DatabaseError, *CACHE_ERRORS) as error:
            # The cache only saves work: with the database or Redis away, let the view answer
            # (the database middleware turns its failure into a 503).
            logger.warning("Page cache skipped: %s", error.__class__.__name__)
            return self.get_response(request)
        if cached is not None:
            headers, content = cached
            response = HttpResponse(content, headers=headers)
            response[CACHE_STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            # The ETag that ConditionalGetMiddleware would compute, worked out once and stored with
            # the page: a hit then carries it, and the middleware skips hashing the body each time.
            set_response_etag(response)
            page = (dict(response.items()), response.content)
            try:
                cache.set(key, page, settings.STRATEGY_PAGE_CACHE_SECONDS)
            except CACHE_ERRORS as error:
                logger.warning("Page cache not stored: %s", error.__class__.__name__)
            response[CACHE_STATUS_HEADER] = "miss"
        return response
