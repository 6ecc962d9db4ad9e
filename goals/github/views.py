"""POST /hooks/github: GitHub's webhook deliveries, verified and turned into work for the sync.

The view only checks and records: the signature (X-Hub-Signature-256, HMAC-SHA256 of the body with
GITHUB_WEBHOOK_SECRET, compared in constant time), the size, and that the delivery id was never
seen; then it marks the links (or the plan) a delivery concerns as due. `manage.py sync_github
--queued` does the reading, so the answer is quick and no request talks to GitHub. Without a secret
the endpoint answers 503: a hook set up in GitHub then says in its delivery log what is missing.
"""

import hashlib
import hmac
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from goals.models import GitHubDelivery, GitHubLink, Plan
from goals.models.github_urls import parse_github_file_url

HEADER_TEXT = re.compile(r"[!-~]+")
EVENTS = {"issues", "pull_request", "projects_v2_item", "push", "sub_issues", "milestone", "ping"}


def _answer(status, message, **extra):
    return JsonResponse({"message": message, **extra}, status=status)


def signature_ok(secret, body, header):
    """Whether `header` is "sha256=" + the HMAC-SHA256 of `body` with `secret`, in constant time."""
    if not header or not header.startswith("sha256="):
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header.strip().encode())


def _read_body(request, limit):
    """The body, or None when it is over `limit` bytes (read no further than that)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


@csrf_exempt  # GitHub signs its deliveries; it has no CSRF token to send
@never_cache
@require_POST
def github_hook(request):
    secret = settings.GITHUB_WEBHOOK_SECRET
    if not secret:
        return _answer(503, _("Webhooks are not set up on this site: GITHUB_WEBHOOK_SECRET is not set."))
    body = _read_body(request, settings.GITHUB_WEBHOOK_MAX_BYTES)
    if body is None:
        return _answer(413, _("This delivery is too large."))
    if not signature_ok(secret, body, request.headers.get("X-Hub-Signature-256", "")):
        return _answer(401, _("The signature (X-Hub-Signature-256) is missing or wrong."))
    event = request.headers.get("X-GitHub-Event", "")
    delivery = request.headers.get("X-GitHub-Delivery", "").strip()
    if not delivery or len(delivery) > 100:
        return _answer(400, _("The delivery has no X-GitHub-Delivery id."))
    # The signature covers the body, not these headers: whoever replays a delivery chooses them.
    # GitHub's are printable ASCII (a GUID, an event name); a NUL would fail PostgreSQL's insert.
    if not HEADER_TEXT.fullmatch(delivery) or not HEADER_TEXT.fullmatch(event or "-"):
        return _answer(
            400, _("The X-GitHub-Delivery or X-GitHub-Event header has characters GitHub never sends.")
        )
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than Python's limit
        return _answer(
            400, _("The delivery is not JSON: set the webhook's content type to application/json.")
        )
    if not isinstance(payload, dict):
        return _answer(400, _("The delivery is not a JSON object."))
    # The id and what it queues are one transaction: a delivery that fails half way is not "seen",
    # so GitHub's "Redeliver" is not refused as a replay of something that never took effect.
    try:
        with transaction.atomic():
            GitHubDelivery.objects.create(delivery_id=delivery, event=event[:50])
            queued = queue(event, payload) if event in EVENTS - {"ping"} else None
    except IntegrityError:
        return _answer(409, _("This delivery was already received."))
    if event == "ping":
        return _answer(200, _("pong"))
    if queued is None:
        return _answer(202, _("Event ignored: %(event)s.") % {"event": event[:50]}, queued=0)
    return _answer(202, _("Queued for the next sync."), queued=queued)


def _object(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def queue(event, payload):
    """Mark what a delivery concerns as due for sync; how many links or plans that is."""
    now = timezone.now()
    # A signed payload is GitHub's, but a field of another type than documented queues nothing
    # rather than answering 500.
    full_name = _object(payload.get("repository")).get("full_name")
    full_name = full_name if isinstance(full_name, str) else ""
    if event == "push":
        return _queue_plans(full_name, payload)
    if event == "projects_v2_item":
        login = _object(payload.get("organization")).get("login")
        if not isinstance(login, str) or not login:
            return 0
        links = GitHubLink.objects.filter(kind=GitHubLink.Kind.PROJECT_ITEM, owner__iexact=login)
        return links.update(sync_requested_at=now)
    owner, _slash, repo = full_name.partition("/")
    if not owner or not repo:
        return 0
    # Every link of the repository: a closed issue changes its milestone's counts and its parent's
    # sub-issues too, and an unchanged link costs the sync one 304.
    return GitHubLink.objects.in_repository(owner, repo).update(sync_requested_at=now)


def _queue_plans(full_name, payload):
    """Plans whose source file this push changed, on the branch it pushed to."""
    ref = payload.get("ref")
    branch = ref.removeprefix("refs/heads/") if isinstance(ref, str) else ""
    changed = set()
    for commit in _list(payload.get("commits")):
        for key in ("added", "modified"):
            changed.update(path for path in _list(_object(commit).get(key)) if isinstance(path, str))
    due = []
    for plan in Plan.objects.exclude(github_source="").filter(~Q(github_source_due=True)):
        try:
            file = parse_github_file_url(plan.github_source)
        except ValidationError:  # a stored URL that no longer parses is skipped, not a 500
            continue
        if (
            f"{file.owner}/{file.repo}".lower() == full_name.lower()
            and file.ref == branch
            and file.path in changed
        ):
            due.append(plan.pk)
    return Plan.objects.filter(pk__in=due).update(github_source_due=True)
