"""Drafts, internal evidence and owners' e-mail addresses never reach the public, on any surface.

Bait first: a draft plan with goals, objectives, owners, evidence and a check-in; internal evidence,
an internal check-in and an internal measurement on a public plan's measured objective; owners
with e-mail addresses. Then every public surface is fetched as an anonymous visitor and
must not contain any of it, and the draft's own addresses must be 404.

Every surface is a `Surface` in SURFACES: the pages (crawled from / and /plans/), search, the JSON
API, the feeds, the badges, the CSV and the Markdown export. Each has a function that fetches
everything it serves the public, the draft addresses it must refuse, and the public addresses it
must have reached (so that an empty crawl cannot pass). A new surface joins by adding one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from goals.check_ins import record_check_in
from goals.models import CheckIn, Evidence, GitHubLink, KeyResult, KeyResultTarget, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

pytestmark = pytest.mark.integration

BAIT = [
    "DRAFT-BAIT",  # every title, statement and summary of the draft plan
    "draft-bait",  # and its slugs
    "INTERNAL-BAIT",  # internal evidence, check-ins and measurements on the public plan
    "internal.example",  # their links
    "987.65",  # the internal measurement's value
    "864.21",  # a target on the way of the draft's key result
    "secret.example",  # every owner's e-mail domain
    "@",  # no e-mail address at all
]


@pytest.fixture
def bait(db):
    today = timezone.localdate()
    public = PlanFactory(
        title="Public plan", slug="public-plan", status=Plan.Status.ACTIVE,
        starts_on=today - timedelta(days=30), due_on=today + timedelta(days=300),
    )  # fmt: skip
    shared = OwnerFactory(name="Shared Owner", slug="shared-owner", email="shared@secret.example")
    public_only = OwnerFactory(name="Public Owner", slug="public-owner", email="public@secret.example")
    public_goal = GoalFactory(plan=public, title="A public goal", slug="public-goal")
    public_objective = ObjectiveFactory(
        goal=public_goal,
        statement="A public objective",
        slug="public-objective",
        owners=[shared, public_only],
    )
    EvidenceFactory(objective=public_objective, title="A public item", happened_on=today - timedelta(days=20))
    EvidenceFactory(
        objective=public_objective, title="INTERNAL-BAIT evidence", summary="INTERNAL-BAIT summary",
        kind=Evidence.Kind.LINK, url="https://internal.example/secret", metric_value="4242.42",
        visibility=Evidence.Visibility.INTERNAL, happened_on=today - timedelta(days=2),
    )  # fmt: skip

    draft = PlanFactory(
        title="DRAFT-BAIT plan",
        slug="draft-bait-plan",
        introduction="DRAFT-BAIT intro",
        status=Plan.Status.DRAFT,
    )
    draft_owner = OwnerFactory(
        name="DRAFT-BAIT owner", slug="draft-bait-owner", role="DRAFT-BAIT role", email="draft@secret.example"
    )
    draft_goal = GoalFactory(
        plan=draft, title="DRAFT-BAIT goal", slug="draft-bait-goal", rationale="DRAFT-BAIT why"
    )
    draft_objective = ObjectiveFactory(
        goal=draft_goal, statement="DRAFT-BAIT objective", slug="draft-bait-objective",
        description="DRAFT-BAIT detail", owners=[draft_owner, shared],
    )  # fmt: skip
    EvidenceFactory(objective=draft_objective, title="DRAFT-BAIT evidence", summary="DRAFT-BAIT summary")
    record_check_in(draft_objective, note="DRAFT-BAIT check-in", links="https://internal.example/draft")
    draft_key_result = KeyResult.objects.create(
        objective=draft_objective, metric="DRAFT-BAIT metric", target=900
    )
    KeyResultTarget.objects.create(
        key_result=draft_key_result, due_on=today + timedelta(days=60), value="864.21"
    )

    key_result = KeyResult.objects.create(objective=public_objective, metric="hubs", unit="hubs", target=4)
    KeyResultTarget.objects.create(key_result=key_result, due_on=today + timedelta(days=90), value=3)
    record_check_in(
        public_objective, value=1, happened_on=today - timedelta(days=25), note="Counted in public."
    )
    internal = CheckIn.Visibility.INTERNAL
    record_check_in(
        public_objective, value="987.65", note="INTERNAL-BAIT measurement", visibility=internal,
        happened_on=today - timedelta(days=3),
    )  # fmt: skip
    record_check_in(
        public_objective, note="INTERNAL-BAIT check-in", links="https://internal.example/check-in",
        confidence="low", visibility=internal, happened_on=today - timedelta(days=3),
    )  # fmt: skip
    # Progress from GitHub, one link of a private repository: its title must stay off public pages.
    from_github = ObjectiveFactory(
        goal=public_goal, statement="A public objective from GitHub", slug="public-github",
        progress_source=Objective.ProgressSource.GITHUB,
    )  # fmt: skip
    GitHubLink.objects.create(
        objective=from_github, url="https://github.com/o/secret/issues/3",
        title="INTERNAL-BAIT private issue", is_private=True, state="open", done_count=0, total_count=1,
        read_at=timezone.now(),
    )  # fmt: skip
    return {
        "draft_urls": [
            draft.get_absolute_url(),
            draft_goal.get_absolute_url(),
            draft_objective.get_absolute_url(),
            draft_owner.get_absolute_url(),
        ],
        "public_urls": [
            public_objective.get_absolute_url(),
            shared.get_absolute_url(),
            from_github.get_absolute_url(),
        ],
        # The pages that have feeds, badges and downloads of their own.
        "public_plan_and_goal": [public.get_absolute_url(), public_goal.get_absolute_url()],
    }


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def crawl_pages(client):
    """Every HTML page an anonymous visitor can reach by following links from / and /plans/."""
    seen, pages, queue = set(), {}, ["/", "/plans/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
        parser = _Links()
        parser.feed(pages[url])
        for href in parser.hrefs:
            target = urldefrag(urljoin(url, href)).url
            parts = urlsplit(target)
            if (
                parts.netloc
                or not parts.path.startswith("/")
                or parts.path.startswith(("/static/", "/media/"))
            ):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


# Words of every bait text that are no bait themselves (a results page repeats its query).
SEARCH_WORDS = [
    "bait", "plan", "intro", "goal", "why", "objective", "detail", "owner", "role", "evidence",
    "summary", "check-in", "measurement", "internal", "draft", "secret", "example",
]  # fmt: skip


def search_pages(client):
    """/search/ for each word of the bait, and every page its results link to."""
    pages = {}
    for word in SEARCH_WORDS:
        response = client.get("/search/", {"q": word})
        assert response.status_code == 200, word
        pages[f"/search/?q={word}"] = response.content.decode()
    assert ">A public objective</a>" in pages["/search/?q=objective"]  # the search does find things
    for html in list(pages.values()):
        parser = _Links()
        parser.feed(html)
        for href in parser.hrefs:
            path = urldefrag(href).url
            if path not in pages:
                pages[path] = client.get(path).content.decode()
    return pages


@dataclass
class Surface:
    name: str
    fetch_all: Callable  # client -> {url: text}
    must_404: Callable = field(default=lambda bait: bait["draft_urls"])  # bait -> [url]
    # bait -> [url]: what the surface must have served, to show it reached the bait's neighbours
    must_reach: Callable = field(default=lambda bait: bait["public_urls"])


API = "/api/v1"
API_LISTS = ["plans", "goals", "objectives", "owners", "evidence"]


def api_address(page_url):
    """The API's address of what a public page shows: /plans/p/goals/g/ -> /api/v1/plans/p/goals/g."""
    return API + urldefrag(page_url).url.rstrip("/")


def html_urls(data):
    """Every `html_url` in an API answer: what it names has an API address of its own."""
    if isinstance(data, list):
        return [url for item in data for url in html_urls(item)]
    if not isinstance(data, dict):
        return []
    own = [data["html_url"]] if "html_url" in data else []
    return own + [url for value in data.values() for url in html_urls(value)]


def fetch_api(client):
    """Every list of the API (all of it: limit=500), its schema, and every plan, goal, objective
    and owner the lists name, by its own address."""
    served = {"/api/v1/openapi.json": client.get("/api/v1/openapi.json").content.decode()}
    for name in API_LISTS:
        response = client.get(f"{API}/{name}", {"limit": 500})
        assert response.status_code == 200, name
        served[f"{API}/{name}"] = response.content.decode()
        for url in html_urls(response.json()):
            path = urlsplit(url).path
            if path.startswith(("/plans/", "/owners/")) and api_address(path) not in served:
                detail = client.get(api_address(path))
                assert detail.status_code == 200, path
                served[api_address(path)] = detail.content.decode()
    return served


# A plan page's open data, and a goal page's (goals/opendata/urls.py), by the page's own arguments.
OPEN_DATA = {
    "feeds": {"public:plan": ["opendata:plan-feed"], "public:goal": ["opendata:goal-feed"]},
    "badges": {"public:plan": ["opendata:plan-badge"], "public:goal": ["opendata:goal-badge"]},
    "csv": {"public:plan": ["opendata:plan-objectives-csv"]},
    "markdown": {"public:plan": ["opendata:plan-markdown"]},
}


def open_data_of(kind, page_urls):
    """The `kind` of open data (feeds, badges, ...) of the plan and goal pages among `page_urls`."""
    urls = []
    for page_url in page_urls:
        match = resolve(urlsplit(page_url).path)
        urls += [reverse(name, kwargs=match.kwargs) for name in OPEN_DATA[kind].get(match.view_name, [])]
    return urls


def open_data(kind):
    """Fetch the `kind` of open data of every plan and goal page a visitor reaches (the crawl)."""

    def fetch_all(client):
        served = {}
        for url in open_data_of(kind, crawl_pages(client)):
            response = client.get(url)
            assert response.status_code == 200, url
            served[url] = response.content.decode()
        return served

    return Surface(
        kind,
        fetch_all,
        must_404=lambda bait: open_data_of(kind, bait["draft_urls"]),
        must_reach=lambda bait: open_data_of(kind, bait["public_plan_and_goal"]),
    )


SURFACES = [
    pytest.param(Surface("pages", crawl_pages), id="pages"),
    pytest.param(
        Surface("search", search_pages, must_reach=lambda bait: bait["public_urls"][:1]), id="search"
    ),
    pytest.param(
        Surface(
            "api",
            fetch_api,
            must_404=lambda bait: [api_address(url) for url in bait["draft_urls"]],
            must_reach=lambda bait: [api_address(url) for url in bait["public_urls"]],
        ),
        id="api",
    ),
    *[pytest.param(open_data(kind), id=kind) for kind in OPEN_DATA],
]


@pytest.mark.parametrize("surface", SURFACES)
def test_no_bait_on_any_public_surface(client, bait, surface):
    served = surface.fetch_all(client)
    assert set(surface.must_reach(bait)) <= set(served)  # the crawl did reach the pages next to the bait
    leaks = {url: [word for word in BAIT if word in text] for url, text in served.items()}
    assert {url: words for url, words in leaks.items() if words} == {}


@pytest.mark.parametrize("surface", SURFACES)
def test_draft_addresses_are_404(client, bait, surface):
    statuses = {url: client.get(url).status_code for url in surface.must_404(bait)}
    assert statuses == dict.fromkeys(statuses, 404)


def test_the_shared_owner_page_shows_only_public_work(client, bait):
    html = client.get("/owners/shared-owner/").content.decode()
    assert "A public objective" in html
    assert "Responsible for 1 objective" in html
    assert "DRAFT-BAIT" not in html


def test_internal_evidence_does_not_move_the_latest_evidence_date(client, bait):
    # The dates the fixture stored: a clock read again here is a day later if midnight passed since.
    public_day = Evidence.objects.get(title="A public item").happened_on
    internal_day = Evidence.objects.get(title="INTERNAL-BAIT evidence").happened_on
    html = client.get("/").content.decode()
    assert f'datetime="{public_day:%Y-%m-%d}"' in html
    assert f'datetime="{internal_day:%Y-%m-%d}"' not in html
