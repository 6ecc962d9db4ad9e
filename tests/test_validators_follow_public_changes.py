"""Public validators change only when something public changes: no side channel on internal work.

Anyone may read the open-data ETag and Last-Modified, and whether a public page came from the page
cache (a new content version makes the next request a miss). If an internal note or an edit to a
draft moved them, anyone could watch when the staff work and on what. So an anonymous watcher
fetches those before and after each edit: internal edits (internal evidence, drafts, archived goals,
owners of drafts only, reviews not shown in public) must leave them exactly as they were; public
edits (and edits that make something public or hide it) must change them, and the page shows the
edit on the next request.
"""

from datetime import date

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from goals.board.snapshots import record_review, withdraw_review
from goals.check_ins import record_check_in
from goals.content_version import content_version
from goals.models import ContentVersion, Evidence, KeyResult, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

pytestmark = [pytest.mark.integration]

PLAN_PAGE = "/plans/plan-2026/"
API = "/api/v1/plans/plan-2026"
WATCHED = [API, "/plans/plan-2026/feed.atom", "/plans/plan-2026/badge.svg"]


@pytest.fixture
def site(world):
    """The world's public plan, with internal evidence, an archived goal, a hidden review, and a draft."""
    public_objective = world["objective"]
    internal = EvidenceFactory(
        objective=public_objective, title="INTERNAL note", visibility=Evidence.Visibility.INTERNAL
    )
    archived_goal = GoalFactory(plan=world["plan"], title="An archived goal", is_archived=True)
    draft = PlanFactory(title="A draft plan", slug="draft", status=Plan.Status.DRAFT)
    draft_goal = GoalFactory(plan=draft, title="A draft goal")
    draft_owner = OwnerFactory(name="Drafts-only owner")
    draft_objective = ObjectiveFactory(goal=draft_goal, statement="A draft objective", owners=[draft_owner])
    hidden_review = record_review(world["plan"], held_on=date(2026, 4, 1), attendees="Ann")
    public_review = record_review(
        world["plan"], held_on=date(2026, 3, 1), attendees="Ann", is_public=True, public_summary="On course."
    )
    measured = ObjectiveFactory(goal=world["goal"], statement="A measured objective", slug="measured")
    KeyResult.objects.create(objective=measured, metric="Hubs", target=4)
    # An hour ago, so that a change now would show in Last-Modified (it has a one-second resolution).
    ContentVersion.objects.filter(pk=1).update(changed_at=F("changed_at") - 3600)
    return {
        **world,
        "internal": internal,
        "archived_goal": archived_goal,
        "draft": draft,
        "draft_goal": draft_goal,
        "draft_owner": draft_owner,
        "draft_objective": draft_objective,
        "hidden_review": hidden_review,
        "public_review": public_review,
        "measured": measured,
    }


def watch(watcher):
    """Everything an anonymous watcher can read off the public site about when it last changed."""
    seen = {}
    for url in WATCHED:
        response = watcher.get(url)
        assert response.status_code == 200, url
        seen[url] = (response["ETag"], response["Last-Modified"])
    seen["page"] = watcher.get(PLAN_PAGE)["ETag"]
    return seen


def save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


INTERNAL_EDITS = {
    "add internal evidence": lambda s: EvidenceFactory(
        objective=s["objective"], title="Another note", visibility=Evidence.Visibility.INTERNAL
    ),
    "edit internal evidence": lambda s: save(s["internal"], title="INTERNAL note, corrected"),
    "delete internal evidence": lambda s: s["internal"].delete(),
    "rename the draft plan": lambda s: save(s["draft"], title="A renamed draft"),
    "edit a draft goal": lambda s: save(s["draft_goal"], rationale="Because, in draft."),
    "add a draft objective": lambda s: ObjectiveFactory(goal=s["draft_goal"], statement="One more"),
    "change a draft objective's status": lambda s: save(s["draft_objective"], status="at_risk"),
    "delete a draft objective": lambda s: s["draft_objective"].delete(),
    "add an owner to a draft objective": lambda s: s["draft_objective"].owners.add(s["owner"]),
    "give an owner a draft objective": lambda s: s["owner"].objectives.add(s["draft_objective"]),
    "remove a draft objective's owners": lambda s: s["draft_objective"].owners.clear(),
    "rename an owner of drafts only": lambda s: save(s["draft_owner"], name="Renamed drafts owner"),
    "add an owner with no objective": lambda s: OwnerFactory(name="Newcomer"),
    "edit an archived goal": lambda s: save(s["archived_goal"], rationale="Kept for the record."),
    "record a review not shown in public": lambda s: record_review(
        s["plan"], held_on=date(2026, 5, 1), attendees="Ann", notes="Private."
    ),
    "withdraw a review not shown in public": lambda s: withdraw_review(s["hidden_review"], "Mistake."),
    "add evidence to a draft objective": lambda s: EvidenceFactory(objective=s["draft_objective"]),
    "post an internal check-in": lambda s: record_check_in(
        s["objective"], note="Internal.", visibility="internal"
    ),
    "post an internal measurement": lambda s: record_check_in(s["measured"], value=3, visibility="internal"),
    "check in on a draft objective": lambda s: record_check_in(s["draft_objective"], status="done"),
}


@pytest.mark.parametrize("edit", list(INTERNAL_EDITS))
def test_internal_edits_leave_every_public_validator_alone(site, edit):
    watcher = Client()
    before = watch(watcher)
    version = content_version()
    assert watcher.get(PLAN_PAGE)["X-Page-Cache"] == "hit"

    INTERNAL_EDITS[edit](site)

    assert content_version() == version
    assert watch(watcher) == before
    assert watcher.get(PLAN_PAGE)["X-Page-Cache"] == "hit"


def test_an_owners_internal_note_posted_as_an_update_leaves_them_alone(site):
    watcher, owner = Client(), Client()
    before = watch(watcher)
    objective = site["my_objective"]
    owner.force_login(site["owner_user"])
    data = {
        "status": objective.status, "progress": "", "note": "Met the funder. Went well.",
        "links": "", "happened_on": "2026-03-05", "visibility": "internal",
        "loaded_version": str(objective.version),
    }  # fmt: skip

    response = owner.post(reverse("admin:goals_objective_update", args=[objective.pk]), data)

    assert response.status_code == 302
    assert objective.check_ins.filter(note="Met the funder. Went well.", visibility="internal").exists()
    assert watch(watcher) == before
    assert watcher.get(PLAN_PAGE)["X-Page-Cache"] == "hit"


def _set_public(evidence, public):
    visibility = Evidence.Visibility.PUBLIC if public else Evidence.Visibility.INTERNAL
    save(evidence, visibility=visibility)


PUBLIC_EDITS = {
    # name: (edit, page, text the page shows after it, text gone from it)
    "make internal evidence public": (
        lambda s: _set_public(s["internal"], True),
        "objective",
        "INTERNAL note",
        None,
    ),
    "make public evidence internal": (
        lambda s: _set_public(s["evidence"], False),
        "objective",
        None,
        "Evidence from Bob",
    ),
    "delete public evidence": (lambda s: s["evidence"].delete(), "objective", None, "Evidence from Bob"),
    "post a public check-in": (
        lambda s: record_check_in(s["objective"], note="A public step forward."),
        "objective",
        "A public step forward.",
        None,
    ),
    "publish the draft plan": (lambda s: save(s["draft"], status="archived"), "plans", "A draft plan", None),
    "rename a public goal": (lambda s: save(s["goal"], title="Grow further"), "plan", "Grow further", None),
    "archive a public goal": (
        lambda s: save(s["goal"], is_archived=True),
        "plan",
        None,
        "Grow the community",
    ),
    "restore an archived goal": (
        lambda s: save(s["archived_goal"], is_archived=False),
        "plan",
        "An archived goal",
        None,
    ),
    "move a draft objective into the plan": (
        lambda s: save(s["draft_objective"], goal=s["goal"]),
        "plan",
        "A draft objective",
        None,
    ),
    "rename a public owner": (
        lambda s: save(s["owner"], name="Robert Owner"),
        "objective",
        "Robert Owner",
        None,
    ),
    "give a draft owner a public objective": (
        lambda s: s["draft_owner"].objectives.add(s["objective"]),
        "objective",
        "Drafts-only owner",
        None,
    ),
    "remove a public owner's objectives": (
        lambda s: s["owner"].objectives.clear(),
        "objective",
        None,
        "Bob Owner",
    ),
    "record a public review": (
        lambda s: record_review(
            s["plan"], held_on=date(2026, 6, 1), attendees="Ann", is_public=True, public_summary="Ahead."
        ),
        "plan",
        "Ahead.",
        None,
    ),  # fmt: skip
    "withdraw a public review": (
        lambda s: withdraw_review(s["public_review"], "Mistake."),
        "plan",
        None,
        "On course.",
    ),
    "rewrite a public review's summary": (
        lambda s: save(s["public_review"], public_summary="Back on course."),
        "plan",
        "Back on course.",
        None,
    ),
    "set a public objective's status": (
        lambda s: save(s["objective"], status=Objective.Status.AT_RISK),
        "objective",
        "At risk",
        None,
    ),
}


@pytest.mark.parametrize("edit", list(PUBLIC_EDITS))
def test_public_edits_change_the_validators_and_show_at_once(site, edit):
    change, page, shown, gone = PUBLIC_EDITS[edit]
    url = {
        "plan": PLAN_PAGE,
        "plans": "/plans/",
        "objective": site["objective"].get_absolute_url(),
    }[page]
    watcher = Client()
    before = watch(watcher)
    watcher.get(url)
    version = content_version()

    change(site)

    assert content_version()[0] > version[0]
    response = watcher.get(url)
    assert response["X-Page-Cache"] == "miss"
    if shown:
        assert shown in response.content.decode()
    if gone:
        assert gone not in response.content.decode()
    after = watch(watcher)
    # The API's ETag is the content version's; a cached feed's or badge's is its body's hash, which
    # moves only if that document shows the edit. Every Last-Modified is the version's time.
    assert after[API][0] != before[API][0]
    assert [after[url][1] != before[url][1] for url in WATCHED] == [True] * len(WATCHED)
