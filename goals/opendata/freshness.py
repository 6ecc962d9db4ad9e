"""ETag and Last-Modified for the open-data surfaces (API, feeds, badges, exports).

Both come from the content version (goals/content_version.py): one number that goes up in the same
transaction as any change to what the public can see, with the time of that change (internal notes
and drafts leave it alone, so the validators tell nobody when the staff work). The page cache reads it
once per request already, so conditional GETs cost no extra query there, and one query elsewhere
(the API), whatever the plan's size. A change anywhere makes every validator stale: a few needless
re-downloads after an edit, never a stale 304. The day is part of both, since what the pages
say about time (expected progress, overdue, time left) changes at midnight.

Views use Django's `condition` decorator with the functions below.
"""

from datetime import UTC, datetime, time
from functools import wraps

from django.utils import timezone, translation
from django.views.decorators.http import condition

from goals.content_version import content_version

# Bump when a surface's output format changes, so caches drop what they hold.
FORMAT_VERSION = "open-data-2"


def content_etag(request, *args, **kwargs):
    # The date too: expected progress, flags and time left move with the day, not only with edits;
    # and the language, since feed and badge texts are translated (each language is its own copy).
    version, _ = content_version(request)
    return f'"{FORMAT_VERSION}-{version}-{timezone.localdate():%Y%m%d}-{translation.get_language()}"'


def content_last_modified(request, *args, **kwargs):
    _, changed_at = content_version(request)
    today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return max(datetime.fromtimestamp(changed_at, tz=UTC), today)


def public_condition(view):
    """Django's `condition` for every open-data view; an error (a 404 for a draft, a 422) gets no ETag."""
    conditional_view = condition(etag_func=content_etag, last_modified_func=content_last_modified)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditional_view(request, *args, **kwargs)
        if response.status_code >= 400:
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
        return response

    return wrapper
