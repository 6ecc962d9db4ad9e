"""Every surface reports the same progress figure and the same flags, for the cases that trip rules up.

One rule, one place (STYLE.md): progress, pace, behind, overdue, stale and "what counts" must come
out the same on the public pages, the JSON API, the badges, the CSV, the Atom feed, the board's
packet and chart, a recorded snapshot, the board's CSV, the compare page and the models themselves.

Each case in CASES builds one hard case (an archived goal, a dropped objective, internal-only
evidence, plans 9 to 12 points behind an even pace, an ended plan, goals with nothing to measure,
weights) and writes down, by hand, what the rules say: the plan's and each goal's progress as a
whole percent and whether it is behind, and each objective's progress and flags. Each surface in
SURFACES reads the same facts back from what it serves, over HTTP only (the models through
goals.models), and the expectation keeps only what that surface carries. The test compares the two
once per case and surface, so a failure names both: `...[ended-plan-plan-badge]`.

Deliberate differences, written down rather than hidden:
- list rows (plan, goal and owner pages) leave "overdue" and "stale" to the page once the whole plan
  has ended (`row_flags`); the page's "Needs attention" counts still count every objective;
- the board's packet counts internal evidence as activity for "stale" (`board_stale`), and
  test_it_says_in_the_packet_that_internal_evidence_counts_for_stale asserts that it says so.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser
import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from goals.check_ins import record_check_in
from goals.models import GitHubLink, Goal, KeyResult, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FLAG_ORDER = ("overdue", "behind", "stale")


# ---------------------------------------------------------------------------------------------
# What the rules say, written by hand for each case.


@dataclass(frozen=True)
class Figure:
    """A plan's or a goal's progress (whole percent, None: nothing to measure) and pace verdict."""

    progress: int | None
    behind: bool


@dataclass(frozen=True)
class Expected:
    """An objective: its progress (None: dropped, so not counted) and flags, by the public rule."""

    goal: str
    status: str
    progress: int | None
    flags: tuple[str, ...] = ()
    row_flags: tuple[str, ...] | None = None  # what a list row shows; None: the same as `flags`
    board_stale: bool | None = None  # stale with internal evidence counted; None: as in `flags`

    @property
    def moved(self):
        """Whether the Atom feed has a status entry for it (any status but "not started", or progress)."""
        return self.status != "not_started" or bool(self.progress)


@dataclass(frozen=True)
class Truth:
    plan: Figure
    goals: dict[str, Figure]  # the goals on the plan (archived ones are not), by slug
    objectives: dict[str, Expected]  # their objectives, by slug


@dataclass
class Built:
    plan: Plan
    truth: Truth
    slug_of: dict[str, str]  # goal title or objective statement -> slug, archived ones included

    @property
    def slug(self):
        return self.plan.slug

    def name(self, text):
        """The slug of a goal title or objective statement, or the text itself when it is unknown."""
        return self.slug_of.get(text, text)


class Builder:
    """An active plan `started` days ago and due in `due_in` days; one owner for every objective."""

    def __init__(self, slug, *, started, due_in):
        self.today = timezone.localdate()
        self.plan = PlanFactory(
            title=f"Plan {slug}",
            slug=slug,
            starts_on=self.today - timedelta(days=started),
            due_on=self.today + timedelta(days=due_in),
            status=Plan.Status.ACTIVE,
        )
        self.owner = OwnerFactory(name="Olu Owner", slug="olu")

    def goal(self, slug, **fields):
        return GoalFactory(plan=self.plan, slug=slug, title=f"Goal {slug}", **fields)

    def objective(self, goal, slug, **fields):
        return ObjectiveFactory(
            goal=goal, slug=slug, statement=f"{slug} is achieved.", owners=[self.owner], **fields
        )

    def manual(self, goal, slug, progress, status=Objective.Status.ON_TRACK, **fields):
        return self.objective(
            goal,
            slug,
            status=status,
            progress_source=Objective.ProgressSource.MANUAL,
            progress=progress,
            **fields,
        )


# ---------------------------------------------------------------------------------------------
# The hard cases. Every plan that is still running is halfway through its time, so 50% is expected.


def pace(points):
    """A plan `points` behind an even pace: more than 10 points is behind, 10 is not."""

    def build():
        b = Builder(f"pace-{points}", started=50, due_in=50)
        b.manual(b.goal("pace"), "steady", 50 - points)
        behind = points > 10
        figure = Figure(50 - points, behind)
        flags = ("behind",) if behind else ()
        return b, Truth(
            figure, {"pace": figure}, {"steady": Expected("pace", "on_track", 50 - points, flags)}
        )

    return build


def archived_goal():
    """An archived goal at 0% would pull the plan from 60% (ahead) to 30% (behind) if counted."""
    b = Builder("archived-goal", started=50, due_in=50)
    b.manual(b.goal("kept"), "kept-work", 60)
    b.manual(b.goal("shelved", is_archived=True), "shelved-work", 0, status=Objective.Status.OFF_TRACK)
    return b, Truth(
        Figure(60, False), {"kept": Figure(60, False)}, {"kept-work": Expected("kept", "on_track", 60)}
    )


def dropped_objective():
    """A dropped objective at 0% would pull its goal from 70% to 35% (behind) if counted."""
    b = Builder("dropped-objective", started=50, due_in=50)
    trim = b.goal("trim")
    b.manual(trim, "kept-up", 70)
    b.objective(trim, "given-up", status=Objective.Status.DROPPED)
    return b, Truth(
        Figure(70, False),
        {"trim": Figure(70, False)},
        {"kept-up": Expected("trim", "on_track", 70), "given-up": Expected("trim", "dropped", None)},
    )


def internal_evidence_only():
    """Internal evidence 5 days ago is the only record: stale in public (since the plan's start, 200
    days ago), not for the board. Another objective is kept fresh by public evidence alone."""
    b = Builder("internal-evidence-only", started=200, due_in=200)
    upkeep = b.goal("upkeep")
    quiet = b.objective(upkeep, "quiet-in-public")
    EvidenceFactory(objective=quiet, visibility="internal", happened_on=b.today - timedelta(days=5))
    trail = b.manual(upkeep, "public-trail", 60)
    Objective.objects.filter(pk=trail.pk).update(status_updated_at=timezone.now() - timedelta(days=100))
    EvidenceFactory(objective=trail, visibility="public", happened_on=b.today - timedelta(days=5))
    return b, Truth(
        Figure(30, True),
        {"upkeep": Figure(30, True)},
        {
            "quiet-in-public": Expected("upkeep", "not_started", 0, ("behind", "stale"), board_stale=False),
            "public-trail": Expected("upkeep", "on_track", 60),
        },
    )


def ended_plan():
    """Due 10 days ago: not "behind" any more, open objectives are overdue; rows leave that to the page."""
    b = Builder("ended-plan", started=300, due_in=-10)
    wrap = b.goal("wrap-up")
    b.manual(wrap, "late-work", 40)
    b.objective(wrap, "finished", status=Objective.Status.DONE)
    b.objective(wrap, "never-started")
    return b, Truth(
        Figure(47, False),  # (40 + 100 + 0) / 3
        {"wrap-up": Figure(47, False)},
        {
            "late-work": Expected("wrap-up", "on_track", 40, ("overdue",), row_flags=()),
            "finished": Expected("wrap-up", "done", 100),
            "never-started": Expected("wrap-up", "not_started", 0, ("overdue", "stale"), row_flags=()),
        },
    )


def nothing_to_measure():
    """Goals without objectives, or with dropped ones only, are left out of the plan's roll-up (counted
    as 0%, they would pull it from 70% to 23%, behind)."""
    b = Builder("nothing-to-measure", started=50, due_in=50)
    b.manual(b.goal("real"), "real-work", 70)
    b.goal("empty")
    b.objective(b.goal("only-dropped"), "abandoned", status=Objective.Status.DROPPED)
    return b, Truth(
        Figure(70, False),
        {"real": Figure(70, False), "empty": Figure(None, False), "only-dropped": Figure(None, False)},
        {
            "real-work": Expected("real", "on_track", 70),
            "abandoned": Expected("only-dropped", "dropped", None),
        },
    )


def weights():
    """Weighted: goal (90×3 + 30) / 4 = 75, plan (75×3 + 10) / 4 = 58.75; unweighted it would be behind."""
    b = Builder("weights", started=50, due_in=50)
    heavy = b.goal("heavy", weight=3)
    b.manual(heavy, "big-part", 90, weight=3)
    b.manual(heavy, "small-part", 30)
    b.manual(b.goal("light"), "light-part", 10)
    return b, Truth(
        Figure(59, False),
        {"heavy": Figure(75, False), "light": Figure(10, True)},
        {
            "big-part": Expected("heavy", "on_track", 90),
            "small-part": Expected("heavy", "on_track", 30, ("behind",)),
            "light-part": Expected("light", "on_track", 10, ("behind",)),
        },
    )


def measured():
    """Two measured objectives. "institutions": 1 of 2 measured in public (50%); a newer internal
    measurement of 2 moves nothing (progress counts public measurements), but is activity for the
    board. "dead-feed": 8 of 10 (80%) measured 90 days ago, so stale although its status changed
    today: a measured objective's activity is its newest measurement alone."""
    b = Builder("measured", started=100, due_in=100)
    hubs = b.goal("hubs")
    institutions = b.objective(hubs, "institutions")
    KeyResult.objects.create(objective=institutions, metric="Institutions", unit="institutions", target=2)
    record_check_in(institutions, value=1, status="on_track", happened_on=b.today - timedelta(days=10))
    record_check_in(institutions, value=2, visibility="internal", happened_on=b.today - timedelta(days=2))
    feed = b.objective(hubs, "dead-feed")
    KeyResult.objects.create(objective=feed, metric="Daily users", target=10)
    record_check_in(feed, value=8, status="on_track", happened_on=b.today - timedelta(days=90))
    return b, Truth(
        Figure(65, False),
        {"hubs": Figure(65, False)},
        {
            "institutions": Expected("hubs", "on_track", 50),
            "dead-feed": Expected("hubs", "on_track", 80, ("stale",)),
        },
    )


def from_github():
    """Two objectives taking progress from GitHub, as the last sync read their links: "epic" has a
    closed issue and an open one (1 of 2, 50%), "launch" a milestone with 4 of 5 issues closed (80%)."""
    b = Builder("from-github", started=100, due_in=100)
    hubs = b.goal("hubs")
    for slug, counts in [("epic", [(1, 1), (0, 1)]), ("launch", [(4, 5)])]:
        objective = b.objective(
            hubs, slug, status="on_track", progress_source=Objective.ProgressSource.GITHUB
        )
        for number, (done, total) in enumerate(counts, start=1):
            GitHubLink.objects.create(
                objective=objective,
                url=f"https://github.com/o/r/issues/{number}",
                done_count=done,
                total_count=total,
                read_at=timezone.now(),
            )
        objective.save()
    return b, Truth(
        Figure(65, False),
        {"hubs": Figure(65, False)},
        {"epic": Expected("hubs", "on_track", 50), "launch": Expected("hubs", "on_track", 80)},
    )


CASES = {
    **{f"pace-{points}-behind": pace(points) for points in (9, 10, 11, 12)},
    "measured": measured,
    "from-github": from_github,
    "archived-goal": archived_goal,
    "dropped-objective": dropped_objective,
    "internal-evidence-only": internal_evidence_only,
    "ended-plan": ended_plan,
    "nothing-to-measure": nothing_to_measure,
    "weights": weights,
}


def build(case):
    builder, truth = CASES[case]()
    plan = builder.plan
    names = {goal.title: goal.slug for goal in Goal.objects.filter(plan=plan)}
    names |= {o.statement: o.slug for o in Objective.objects.filter(goal__plan=plan)}
    return Built(plan, truth, names)


# ---------------------------------------------------------------------------------------------
# What each surface should carry: the truth, narrowed.


def plan_part(truth, *keys):
    return {key: getattr(truth.plan, key) for key in keys}


def goals_part(truth, *keys):
    return {slug: {key: getattr(goal, key) for key in keys} for slug, goal in truth.goals.items()}


def public_flags(o):
    return list(o.flags)


def row_flags(o):
    return list(o.flags if o.row_flags is None else o.row_flags)


def overdue_and_stale(o):
    """The flags the board's snapshot and CSV carry, by the public rule (they have no "behind")."""
    return [flag for flag in o.flags if flag in ("overdue", "stale")]


def board_overdue_and_stale(o):
    """As the board's packet flags them: internal evidence counts as activity for "stale"."""
    stale = ("stale" in o.flags) if o.board_stale is None else o.board_stale
    return (["overdue"] if "overdue" in o.flags else []) + (["stale"] if stale else [])


def objectives_part(truth, *, progress=True, flags=None, where=lambda o: True):
    out = {}
    for slug, o in truth.objectives.items():
        if not where(o):
            continue
        out[slug] = {}
        if progress:
            out[slug]["progress"] = o.progress
        if flags:
            out[slug]["flags"] = flags(o)
    return out


def attention(objectives):
    """The "Needs attention" counts of a page: every objective's flags, even when its row hides them."""
    objectives = list(objectives)
    return {flag: sum(flag in o.flags for o in objectives) for flag in FLAG_ORDER}


# ---------------------------------------------------------------------------------------------
# Reading HTML: a small tree from html.parser, found by tag, class and attributes.


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []

    @property
    def classes(self):
        return self.attrs.get("class", "").split()

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        """Descendants by tag, class and attributes (`aria_labelledby="x"` for aria-labelledby="x")."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(name) == value for name, value in wanted.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    @property
    def text(self):
        parts = [child if isinstance(child, str) else child.text for child in self.children]
        return " ".join(" ".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Node("#document", [])

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    return builder.root


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return response.content.decode()


def whole(value):
    return None if value is None else round(value)


def percent_text(text):
    """ "47%" -> 47, "—" -> None (nothing to measure); anything else as is, to show in the diff."""
    text = text.strip()
    if text in ("—", ""):
        return None
    match = re.fullmatch(r"(-?\d+)%", text)
    return int(match[1]) if match else text


def progress_bar(node, label):
    """The value of <progress aria-label=label>, None where the bar says "Nothing to measure yet"."""
    bar = node.find("progress", aria_label=label)
    if bar is not None:
        return int(bar.attrs["value"])
    if node.find("span", cls="progress-none") is not None:
        return None
    return f"no <progress aria-label={label!r}> and no 'Nothing to measure yet'"


def status_of(node):
    """The objective status from its badge class (`badge status-dropped`)."""
    badge = node.find("span", cls="badge")
    return next((c.removeprefix("status-") for c in badge.classes if c.startswith("status-")), None)


def flags_of(node):
    """Flags from `<ul class="flags"><li class="flag flag-behind">`, in canonical order."""
    listed = node.find("ul", cls="flags")
    found = (
        set()
        if listed is None
        else {c.removeprefix("flag-") for li in listed.find_all("li") for c in li.classes}
    )
    return [flag for flag in FLAG_ORDER if flag in found]


def attention_counts(text):
    """ "Needs attention: 2 behind schedule · 1 overdue · 1 not updated in 60 days" as counts."""
    patterns = {
        "behind": r"(\d+) behind schedule",
        "overdue": r"(\d+) overdue",
        "stale": r"(\d+) not updated in",
    }
    return {flag: int(m[1]) if (m := re.search(pattern, text)) else 0 for flag, pattern in patterns.items()}


def list_rows(doc):
    """Objective rows of a plan, goal or owner page: `<li class="objective" id="objective-<slug>-<pk>">`."""
    rows = {}
    for li in doc.find_all("li", cls="objective"):
        slug = li.attrs["id"].removeprefix("objective-").rsplit("-", 1)[0]
        dropped = status_of(li) == "dropped"
        rows[slug] = {"progress": None if dropped else progress_bar(li, "Progress"), "flags": flags_of(li)}
    return rows


def slug_in(url, part):
    """The slug after /<part>/ in a URL path."""
    match = re.search(rf"/{part}/([^/]+)/", urlsplit(url).path)
    return match[1] if match else url


# ---------------------------------------------------------------------------------------------
# One reader per surface. Each returns {"plan": ..., "goals": ..., "objectives": ..., "attention": ...}
# with only the parts that surface carries.


def read_plan_page(built, client, board):
    doc = html_of(client, f"/plans/{built.slug}/")
    summary = doc.find("section", cls="summary")
    goals = {}
    for section in doc.find_all("section", cls="goal"):
        head = section.find("div", cls="goal-head")
        goals[slug_in(head.find("a").attrs["href"], "goals")] = {
            "progress": progress_bar(head, "Goal progress"),
            "behind": head.find("p", cls="flag-behind") is not None,
        }
    needs = summary.find("ul", cls="counts-attention")
    return {
        "plan": {
            "progress": progress_bar(summary, "Plan progress"),
            "behind": summary.find("p", cls="flag-behind") is not None,
        },
        "goals": goals,
        "objectives": list_rows(doc),
        "attention": {"plan": attention_counts(needs.text if needs else "")},
    }


def expect_plan_page(truth):
    return {
        "plan": plan_part(truth, "progress", "behind"),
        "goals": goals_part(truth, "progress", "behind"),
        "objectives": objectives_part(truth, flags=row_flags),
        "attention": {"plan": attention(truth.objectives.values())},
    }


def read_goal_pages(built, client, board):
    goals, objectives, counts = {}, {}, {}
    for slug in built.truth.goals:
        doc = html_of(client, f"/plans/{built.slug}/goals/{slug}/")
        summary = doc.find("section", cls="summary")
        goals[slug] = {
            "progress": progress_bar(summary, "Goal progress"),
            "behind": summary.find("p", cls="flag-behind") is not None,
        }
        needs = [p.text for p in summary.find_all("p") if p.text.startswith("Needs attention")]
        counts[slug] = attention_counts(" ".join(needs))
        objectives |= list_rows(doc)
    return {"goals": goals, "objectives": objectives, "attention": counts}


def expect_goal_pages(truth):
    return {
        "goals": goals_part(truth, "progress", "behind"),
        "objectives": objectives_part(truth, flags=row_flags),
        "attention": {
            slug: attention(o for o in truth.objectives.values() if o.goal == slug) for slug in truth.goals
        },
    }


def read_objective_pages(built, client, board):
    objectives = {}
    for slug, o in built.truth.objectives.items():
        doc = html_of(client, f"/plans/{built.slug}/goals/{o.goal}/objectives/{slug}/")
        dropped = status_of(doc.find("div", cls="page-head")) == "dropped"
        summary = doc.find("section", cls="summary")
        objectives[slug] = {
            "progress": None if dropped else progress_bar(summary, "Objective progress"),
            "flags": flags_of(summary),
        }
    return {"objectives": objectives}


def read_owner_page(built, client, board):
    return {"objectives": list_rows(html_of(client, "/owners/olu/"))}


def read_plan_list(built, client, board):
    doc = html_of(client, "/plans/")
    cards = [
        card for card in doc.find_all("li", cls="plan-card") if card.find("a", href=f"/plans/{built.slug}/")
    ]
    assert len(cards) == 1, f"{len(cards)} cards link to /plans/{built.slug}/ on /plans/"
    return {"plan": {"progress": progress_bar(cards[0], f"Progress of {built.plan.title}")}}


def api(client, path):
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 200, f"GET /api/v1{path} answered {response.status_code}"
    return response.json()


def read_api(built, client, board):
    plan = api(client, f"/plans/{built.slug}")
    goals, objectives = {}, {}
    for listed in plan["goals"]:
        goal = api(client, f"/plans/{built.slug}/goals/{listed['slug']}")
        goals[goal["slug"]] = {"progress": whole(goal["progress"])}
        for item in goal["objectives"]:
            o = api(client, f"/plans/{built.slug}/goals/{goal['slug']}/objectives/{item['slug']}")
            objectives[o["slug"]] = {"progress": None if o["status"] == "dropped" else o["progress"]}
    return {"plan": {"progress": whole(plan["progress"])}, "goals": goals, "objectives": objectives}


def field(data, name):
    return data.get(name, f"MISSING: API field {name!r}")


def read_api_verdicts(built, client, board):
    """`is_behind` on plans and goals, `flags` (a list, as Objective.flags()) on objectives."""
    plan = api(client, f"/plans/{built.slug}")
    goals, objectives = {}, {}
    for listed in plan["goals"]:
        goal = api(client, f"/plans/{built.slug}/goals/{listed['slug']}")
        goals[goal["slug"]] = {"behind": field(goal, "is_behind")}
        for item in goal["objectives"]:
            o = api(client, f"/plans/{built.slug}/goals/{goal['slug']}/objectives/{item['slug']}")
            objectives[o["slug"]] = {"flags": field(o, "flags")}
    return {"plan": {"behind": field(plan, "is_behind")}, "goals": goals, "objectives": objectives}


SVG = "{http://www.w3.org/2000/svg}"
BADGE_BEHIND = {"#1a7f37": False, "#a3410b": True, "#5c5c5c": False}  # green, orange, grey (no data)


def badge(client, url):
    """(progress from the <title> "…: 47% done", behind from the value box's colour)."""
    root = ET.fromstring(text_of(client, url))  # noqa: S314 - our own output
    title = root.find(f"{SVG}title").text
    fill = next(rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("x"))
    match = re.search(r": (\d+)% done", title)
    progress = int(match[1]) if match else None if "no progress to measure" in title else title
    return {"progress": progress, "behind": BADGE_BEHIND.get(fill, f"unknown colour {fill}")}


def read_plan_badge(built, client, board):
    return {"plan": badge(client, f"/plans/{built.slug}/badge.svg")}


def read_goal_badges(built, client, board):
    return {
        "goals": {
            slug: badge(client, f"/plans/{built.slug}/goals/{slug}/badge.svg") for slug in built.truth.goals
        }
    }


def csv_rows(client, url):
    return list(csv.DictReader(io.StringIO(text_of(client, url))))


def read_public_csv(built, client, board):
    rows = csv_rows(client, f"/plans/{built.slug}/objectives.csv")
    return {
        "objectives": {
            built.name(row["objective"]): {
                "progress": None if row["status"] == "Dropped" else int(row["progress"])
            }
            for row in rows
        }
    }


def read_public_csv_flags(built, client, board):
    """a "flags" column, e.g. "behind; stale" (names as Objective.flags(), "; " between)."""
    rows = csv_rows(client, f"/plans/{built.slug}/objectives.csv")

    def flags(row):
        if "flags" not in row:
            return "MISSING: CSV column 'flags'"
        return [flag.strip() for flag in row["flags"].split(";") if flag.strip()]

    return {"objectives": {built.name(row["objective"]): {"flags": flags(row)} for row in rows}}


def read_feed(built, client, board):
    """Status entries, "On track, 40%: <statement>": the newest one per objective (newest come first)."""
    feed = feedparser.parse(text_of(client, f"/plans/{built.slug}/feed.atom"))
    objectives = {}
    for entry in feed.entries:
        if [tag.term for tag in entry.tags] != ["Status"]:
            continue
        match = re.match(r"(?P<status>[^,]+), (?P<progress>\d+)%: ", entry.title)
        slug = slug_in(entry.link, "objectives")
        if slug not in objectives:
            dropped = match["status"] == "Dropped"
            objectives[slug] = {"progress": None if dropped else int(match["progress"])}
    return {"objectives": objectives}


def packet(built, board):
    return html_of(board, f"/review/plans/{built.slug}/")


def figures(node):
    """A <dl class="figures"> as {dt text: dd text}."""
    dl = node.find("dl", cls="figures")
    return {div.find("dt").text: div.find("dd").text for div in dl.find_all("div")}


def read_packet_standing(built, client, board):
    standing = packet(built, board).find("section", aria_labelledby="summary-heading")
    return {"plan": {"progress": percent_text(figures(standing)["Progress"])}}


def read_packet_verdict(built, client, board):
    """data-behind="true|false" on the packet's "Where the plan stands" section."""
    standing = packet(built, board).find("section", aria_labelledby="summary-heading")
    value = standing.attrs.get("data-behind")
    behind = {"true": True, "false": False}.get(value, f"MISSING: attribute data-behind (got {value!r})")
    return {"plan": {"behind": behind}}


def read_packet_attention(built, client, board):
    """The packet's "Needs attention" list: objectives tagged Overdue or Stale (at risk, off track aside)."""
    standing = packet(built, board).find("section", aria_labelledby="summary-heading")
    listed = standing.find("ul", cls="flagged")
    objectives = {}
    for li in [] if listed is None else listed.find_all("li"):
        tags = {span.text.lower() for span in li.find_all("span", cls="tag")}
        flags = [flag for flag in ("overdue", "stale") if flag in tags]
        if flags:
            objectives[slug_in(li.find("a").attrs["href"], "objectives")] = {"flags": flags}
    return {"objectives": objectives}


def before_and_after(node):
    """ "Plan progress: 20% → 47%." as ("20%", "47%")."""
    lines = [p for p in node.find_all("p") if p.text.startswith("Plan progress:")]
    assert lines, "no 'Plan progress: … → …' line"
    before, after = lines[0].find("strong").text.split("→")
    return before.strip(), after.strip()


def read_packet_changes(built, client, board):
    changes = packet(built, board).find("section", aria_labelledby="changes-heading")
    return {"plan": {"progress": percent_text(before_and_after(changes)[1])}}


def read_packet_chart(built, client, board):
    """The last row of each chart's data table: the plan chart, then one per goal ("<title>: progress")."""
    section = packet(built, board).find("section", aria_labelledby="progress-heading")
    plan, goals = {}, {}
    for chart in section.find_all("div", cls="chart"):  # the figure, then its data table
        latest = chart.find("table").find("tbody").find_all("tr")[-1]
        progress = percent_text(latest.find_all("td")[0].text)
        if chart.find("figure").attrs["aria-labelledby"] == "plan-caption":
            plan["progress"] = progress
        else:
            title = chart.find("title").text.removesuffix(": progress")
            goals[built.name(title)] = {"progress": progress}
    return {"plan": plan, "goals": goals}


def record_review(built, board):
    """Record a review through the form; the primary key of the new record."""
    response = board.post(
        f"/review/plans/{built.slug}/record/",
        {"held_on": timezone.localdate().isoformat(), "attendees": "Ann\nBo", "notes": "", "decisions": ""},
    )
    assert response.status_code == 302, f"recording a review answered {response.status_code}"
    return int(re.search(r"/review/records/(\d+)/", response["Location"])[1])


def read_review_record(built, client, board):
    pk = record_review(built, board)
    return {"plan": {"progress": percent_text(figures(html_of(board, f"/review/records/{pk}/"))["Progress"])}}


def number_cell(text):
    return None if text == "" else round(float(text))


def board_csv_objective(row):
    dropped = row["Status"] == "Dropped"
    flags = [
        flag
        for flag, column in (("overdue", "Overdue"), ("stale", "Stale (internal evidence counts)"))
        if row[column] == "yes"
    ]
    return {"progress": None if dropped else number_cell(row["Progress"]), "flags": flags}


def read_snapshot_csv(built, client, board):
    pk = record_review(built, board)
    goals, objectives = {}, {}
    for row in csv_rows(board, f"/review/records/{pk}/snapshot.csv"):
        if row["Kind"] == "Goal":
            goals[built.name(row["Goal"])] = {"progress": number_cell(row["Progress"])}
        else:
            objectives[built.name(row["Objective"])] = board_csv_objective(row)
    return {"goals": goals, "objectives": objectives}


def read_board_objectives_csv(built, client, board):
    rows = csv_rows(board, f"/review/plans/{built.slug}/objectives.csv")
    return {"objectives": {built.name(row["Objective"]): board_csv_objective(row) for row in rows}}


def read_compare_now(built, client, board):
    """The "now" side of /review/compare/?a=<review>&b=now: plan progress, each row's progress."""
    pk = record_review(built, board)
    doc = html_of(board, f"/review/compare/?a={pk}&b=now")
    goals, objectives = {}, {}
    for tr in doc.find("table", cls="compare").find("tbody").find_all("tr"):
        cells = tr.find_all("td")
        before = cells[:1] if cells[0].attrs.get("colspan") else cells[:3]
        now = cells[len(before) : -1]
        status, progress = (
            (now[0].text, percent_text(now[1].text)) if len(now) == 3 else ("", "not in the plan")
        )
        if "snapshot-goal" in tr.classes:
            goals[built.name(tr.find("th").text)] = {"progress": progress}
        else:
            objectives[built.name(tr.find("th").text)] = {
                "progress": None if status == "Dropped" else progress
            }
    return {
        "plan": {"progress": percent_text(before_and_after(doc)[1])},
        "goals": goals,
        "objectives": objectives,
    }


def model_objective(objective):
    return {
        "progress": None if objective.status == "dropped" else objective.progress,
        "flags": objective.flags(),
    }


def read_model(built, client, board):
    """Plain model instances, as a shell or a management command would fetch them: no prefetch."""
    plan = Plan.objects.get(pk=built.plan.pk)
    goals = Goal.objects.public().filter(plan=plan).order_by("order", "pk")
    objectives = Objective.objects.public().filter(goal__plan=plan).order_by("pk")
    return {
        "plan": {"progress": whole(plan.progress), "behind": plan.is_behind()},
        "goals": {
            goal.slug: {"progress": whole(goal.progress), "behind": goal.is_behind()} for goal in goals
        },
        "objectives": {o.slug: model_objective(o) for o in objectives},
    }


def read_model_with_progress(built, client, board):
    """Through Plan.objects.with_standing(), the queryset the pages, badges and API read from."""
    plan = Plan.objects.with_standing().get(pk=built.plan.pk)
    return {
        "plan": {"progress": whole(plan.progress), "behind": plan.is_behind()},
        "goals": {
            goal.slug: {"progress": whole(goal.progress), "behind": goal.is_behind()}
            for goal in plan.goals_in_order()
        },
        "objectives": {o.slug: model_objective(o) for o in plan.objectives_in_order()},
    }


def expect_full(truth):
    return {
        "plan": plan_part(truth, "progress", "behind"),
        "goals": goals_part(truth, "progress", "behind"),
        "objectives": objectives_part(truth, flags=public_flags),
    }


@dataclass(frozen=True)
class Surface:
    name: str
    read: Callable  # (built, anonymous client, board client) -> reading
    expect: Callable  # truth -> the part of it this surface carries


SURFACES = [
    Surface("plan-page", read_plan_page, expect_plan_page),
    Surface("goal-pages", read_goal_pages, expect_goal_pages),
    Surface(
        "objective-pages",
        read_objective_pages,
        lambda t: {"objectives": objectives_part(t, flags=public_flags)},
    ),
    Surface("owner-page", read_owner_page, lambda t: {"objectives": objectives_part(t, flags=row_flags)}),
    Surface("plan-list", read_plan_list, lambda t: {"plan": plan_part(t, "progress")}),
    Surface(
        "api",
        read_api,
        lambda t: {
            "plan": plan_part(t, "progress"),
            "goals": goals_part(t, "progress"),
            "objectives": objectives_part(t),
        },
    ),
    Surface(
        "api-verdicts",
        read_api_verdicts,
        lambda t: {
            "plan": plan_part(t, "behind"),
            "goals": goals_part(t, "behind"),
            "objectives": objectives_part(t, progress=False, flags=public_flags),
        },
    ),
    Surface("plan-badge", read_plan_badge, lambda t: {"plan": plan_part(t, "progress", "behind")}),
    Surface("goal-badges", read_goal_badges, lambda t: {"goals": goals_part(t, "progress", "behind")}),
    Surface("public-csv", read_public_csv, lambda t: {"objectives": objectives_part(t)}),
    Surface(
        "public-csv-flags",
        read_public_csv_flags,
        lambda t: {"objectives": objectives_part(t, progress=False, flags=public_flags)},
    ),
    Surface("atom-feed", read_feed, lambda t: {"objectives": objectives_part(t, where=lambda o: o.moved)}),
    Surface("packet-standing", read_packet_standing, lambda t: {"plan": plan_part(t, "progress")}),
    Surface(
        "packet-verdict",
        read_packet_verdict,
        lambda t: {"plan": plan_part(t, "behind")},
    ),
    Surface(
        "packet-attention",
        read_packet_attention,
        lambda t: {
            "objectives": objectives_part(
                t, progress=False, flags=board_overdue_and_stale, where=board_overdue_and_stale
            )
        },
    ),
    Surface("packet-changes", read_packet_changes, lambda t: {"plan": plan_part(t, "progress")}),
    Surface(
        "packet-chart",
        read_packet_chart,
        lambda t: {"plan": plan_part(t, "progress"), "goals": goals_part(t, "progress")},
    ),
    Surface("review-record", read_review_record, lambda t: {"plan": plan_part(t, "progress")}),
    Surface(
        "snapshot-csv",
        read_snapshot_csv,
        lambda t: {
            "goals": goals_part(t, "progress"),
            "objectives": objectives_part(t, flags=board_overdue_and_stale),
        },
    ),
    Surface(
        "board-objectives-csv",
        read_board_objectives_csv,
        lambda t: {"objectives": objectives_part(t, flags=board_overdue_and_stale)},
    ),
    Surface(
        "compare-now",
        read_compare_now,
        lambda t: {
            "plan": plan_part(t, "progress"),
            "goals": goals_part(t, "progress"),
            "objectives": objectives_part(t),
        },
    ),
    Surface("model", read_model, expect_full),
    Surface("model-with-progress", read_model_with_progress, expect_full),
]


@pytest.fixture(autouse=True)
def stale_after_60_days(settings):
    # The cases' dates assume the default; an environment that changes it must not change them.
    settings.STRATEGY_STALE_AFTER_DAYS = 60


@pytest.fixture
def board(db):
    """A signed-in board member (force_login: django-axes refuses client.login())."""
    board = Client()
    board.force_login(make_user("board-member", "Board"))
    return board


@pytest.mark.parametrize(
    "surface",
    [pytest.param(s, id=s.name) for s in SURFACES],
)
@pytest.mark.parametrize("case", list(CASES))
def test_it_reports_the_rules_figures_and_flags_on_every_surface(case, surface, client, board):
    built = build(case)

    reading = surface.read(built, client, board)

    assert reading == surface.expect(built.truth), (
        f"{surface.name} disagrees with the rules on {case} (left: what it serves, right: the rules)"
    )


@pytest.mark.parametrize("case", list(CASES))
def test_it_counts_the_same_plan_progress_with_and_without_a_prefetch(case):
    built = build(case)

    plain = Plan.objects.get(pk=built.plan.pk).progress
    prefetched = Plan.objects.with_standing().get(pk=built.plan.pk).progress

    assert plain == prefetched, f"Plan.progress counts differently without with_standing() on {case}"


@pytest.mark.parametrize("points", [9, 10, 11, 12])
def test_it_tells_the_board_how_far_behind_an_even_pace_the_plan_is(points, board):
    built = build(f"pace-{points}-behind")

    standing = packet(built, board).find("section", aria_labelledby="summary-heading")

    sentences = [p.text for p in standing.find_all("p") if p.text.startswith("The plan is")]
    assert sentences == [f"The plan is {points} points behind an even pace."]


def test_it_says_in_the_packet_that_internal_evidence_counts_for_stale(board):
    # The board sees internal evidence, so its "stale" may legitimately differ from the public one
    # (the packet-attention surface above is compared with `board_stale`), but then the packet must say
    # so. The wording is the other engineer's to choose; "internal evidence" is what it must mention.
    built = build("internal-evidence-only")

    standing = packet(built, board).find("section", aria_labelledby="summary-heading")

    needs_attention = standing.text.partition("Needs attention")[2].lower()
    assert "internal evidence" in needs_attention, "the packet does not say which evidence counts for stale"


# ---------------------------------------------------------------------------------------------
# Progress from GitHub: where it came from and when it was read, the same on every surface.


def read_github_on_objective_pages(built, client):
    found = {}
    for slug in ("epic", "launch"):
        doc = html_of(client, f"/plans/{built.slug}/goals/hubs/objectives/{slug}/")
        source = doc.find("section", cls="summary").text
        found[slug] = {
            "links": [a.attrs["href"] for a in doc.find("ul", cls="github-links").find_all("a")],
            "read on": re.search(r"read on (\d+ \w+ \d{4})", source)[1],
        }
    return found


def _from_api(objective):
    github = field(objective, "github") or {}
    read_at = github.get("read_at")
    return {
        "links": [link["url"] for link in github.get("links", [])],
        "read on": read_at and date_format(timezone.localtime(parse_datetime(read_at)), "DATE_FORMAT"),
    }


def read_github_in_the_api(built, client):
    path = f"/plans/{built.slug}/goals/hubs/objectives"
    return {slug: _from_api(api(client, f"{path}/{slug}")) for slug in ("epic", "launch")}


def read_github_in_the_api_lists(built, client):
    listed = api(client, f"/objectives?plan={built.slug}")["items"]
    in_goal = api(client, f"/plans/{built.slug}/goals/hubs")["objectives"]
    from_list = {o["slug"]: _from_api(o) for o in listed}
    assert from_list == {o["slug"]: _from_api(o) for o in in_goal}, "the list and the goal disagree"
    return from_list


def read_github_in_the_csv(built, client):
    rows = csv_rows(client, f"/plans/{built.slug}/objectives.csv")
    return {
        built.name(row["objective"]): {
            "links": re.findall(r"\((https://[^)]+)\)", row["github links"]),
            "read on": date_format(datetime.fromisoformat(row["github read at"]), "DATE_FORMAT"),
        }
        for row in rows
    }


GITHUB_SURFACES = {
    "objective-page": read_github_on_objective_pages,
    "api": read_github_in_the_api,
    "api-lists": read_github_in_the_api_lists,
    "public-csv": read_github_in_the_csv,
}


@pytest.mark.parametrize("surface", list(GITHUB_SURFACES))
def test_it_says_where_progress_from_github_came_from_and_when_it_was_read_on_every_surface(surface, client):
    built = build("from-github")
    now = timezone.now()
    # "epic"'s two links were read 3 and 1 days ago: its progress is as old as the older read.
    for slug, number, days in [("epic", 1, 3), ("epic", 2, 1), ("launch", 1, 2)]:
        GitHubLink.objects.filter(objective__slug=slug, url__endswith=f"/{number}").update(
            read_at=now - timedelta(days=days)
        )

    reading = GITHUB_SURFACES[surface](built, client)

    def day(days):
        return date_format(timezone.localtime(now - timedelta(days=days)), "DATE_FORMAT")

    assert reading == {
        "epic": {
            "links": ["https://github.com/o/r/issues/1", "https://github.com/o/r/issues/2"],
            "read on": day(3),
        },
        "launch": {"links": ["https://github.com/o/r/issues/1"], "read on": day(2)},
    }, f"{surface} disagrees with the objective's GitHub source"
