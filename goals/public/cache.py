"""A cache for the public pages that stays correct across gunicorn workers and hosts.

A cached page is keyed on scheme, host, path, the query parameters its view reads, the reader's
language, and the *content version*: one
database row (`ContentVersion`) that goes up in the same transaction as any change to what the
public can see. Every worker reads that row once per request, so the request after an edit misses in
every worker and renders fresh; the old entries are never read again and expire or get culled. The
version lives in the database, not in the cache, because the default cache (LocMem) is per process.

Why a middleware placed right after WhiteNoise, not a decorator on each view: a hit then skips
sessions, CSRF, auth, messages, history and view dispatch, which is what brings a cached page near
the speed of a static file; and the views stay untouched. It is still limited to the public pages:
a request is considered only if its path resolves to a view in STRATEGY_PAGE_CACHE_NAMESPACES
(the public pages and open data), so the admin, static files and anything else pass straight through.

Query parameters: a view declares the ones it reads (`@reads_query("page")`); the middleware keeps
those, in a canonical order, and drops the rest from the request before the view sees it, so
`?x=1`, `?utm_source=…` or `?page=2&status=done` reordered are the copy already stored, not a new
render each (a crawl of made-up parameters would otherwise fill the cache and render every time).
A view that declares nothing reads no parameter. Dropping them from the request, not only from the
key, keeps the stored page a function of its key: nothing a made-up parameter says (the language
switcher's `next` is the page's own address) reaches a copy that others are served.

Who is served from or stored in the cache: GET and HEAD requests that carry no session, CSRF or
messages cookie. A signed-in user always has a session cookie, so never gets the anonymous copy
(they may see more) and never fills it. Only 200 responses to GET are stored, and only if they
set no cookie and are not marked private or no-store.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, set_response_etag
from redis.exceptions import RedisError

from ..content_version import content_version

logger = logging.getLogger(__name__)

CACHE_STATUS_HEADER = "X-Page-Cache"
# What a cache backend raises when its server is away: Redis raises its own RedisError subclasses.
CACHE_ERRORS = (OSError, RedisError)
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


def reads_query(*names):
    """Declare the query parameters a cached view reads: the page cache keys on these alone."""

    def decorate(view):
        view.page_cache_query = frozenset(names)
        return view

    return decorate


def canonical_query(query, names):
    """`query` (a QueryDict) with only `names`, sorted by name, each name's values in their order."""
    kept = QueryDict(mutable=True)
    for name in sorted(names):
        if name in query:
            kept.setlist(name, query.getlist(name))
    return kept


def page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # The day too: expected progress, flags and "time left" move at midnight without any edit.
    return f"page:{version}:{local_day()}:{page_language(request)}:{hashlib.sha256(url.encode()).hexdigest()}"


def page_language(request):
    """The language LocaleMiddleware (further down the stack) will render this request in."""
    # The same function LocaleMiddleware asks (cookie, then Accept-Language, then LANGUAGE_CODE),
    # so a page is stored under the language it was rendered in.
    return translation.get_language_from_request(request)


def local_day():
    """Today in the site's time zone as YYYYMMDD."""
    return f"{timezone.localdate():%Y%m%d}"


def is_cacheable_request(request):
    return cached_query_parameters(request) is not None


def cached_query_parameters(request):
    """The query parameters the page's view reads, or None when the request is not for the cache."""
    if not settings.STRATEGY_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return None
    bypass_header = settings.STRATEGY_PAGE_CACHE_BYPASS_HEADER
    if bypass_header and bypass_header in request.META:
        return None
    personal_cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name)
    if any(name in request.COOKIES for name in personal_cookies):
        return None
    return public_query_parameters(
        request.path_info, request.urlconf if hasattr(request, "urlconf") else settings.ROOT_URLCONF
    )


def is_public_path(path_info, urlconf):
    """Whether the path resolves to a view in STRATEGY_PAGE_CACHE_NAMESPACES."""
    return public_query_parameters(path_info, urlconf) is not None


def public_query_parameters(path_info, urlconf):
    """The query parameters the path's view reads when it is in STRATEGY_PAGE_CACHE_NAMESPACES,
    else None; memoized per path."""
    return _public_query_parameters(path_info, urlconf, tuple(settings.STRATEGY_PAGE_CACHE_NAMESPACES))


# URL patterns do not change while a process runs, so resolving a path once is enough: this saves
# a resolve() on every cache hit. Bounded, so a crawl of made-up paths cannot grow it for ever.
@functools.lru_cache(maxsize=2048)
def _public_query_parameters(path_info, urlconf, namespaces):
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    if match.namespace not in namespaces:
        return None
    return getattr(match.func, "page_cache_query", frozenset())


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
        parameters = cached_query_parameters(request)
        if parameters is None:
            return self.get_response(request)
        request.GET = canonical_query(request.GET, parameters)
        request.META["QUERY_STRING"] = request.GET.urlencode()
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
        # The page's words follow the language cookie or Accept-Language: the site's LocaleMiddleware,
        # further down, says `Vary: Accept-Language, Cookie`, and that is stored with the page.
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
