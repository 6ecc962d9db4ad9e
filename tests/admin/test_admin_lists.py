"""The list pages: columns, filters, search, bulk actions, archiving and links to the public pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, OwnerFactory

pytestmark = [pytest.mark.integration]

OBJECTIVES = reverse("admin:goals_objective_changelist")


def listed(response):
    return [str(obj) for obj in response.context["cl"].result_list]


def test_the_objective_list_shows_status_progress_owners_and_links(client, world):
    client.force_login(world["founder"])
    page = client.get(OBJECTIVES).content.decode()
    assert '<progress max="100" value="0"></progress> 0%' in page
    assert "Bob Owner" in page
    assert f'href="{world["objective"].get_absolute_url()}">View on site</a>' in page
    assert f'href="{reverse("admin:goals_objective_update", args=[world["objective"].pk])}"' in page


def test_founders_open_each_owners_page_from_the_owner_list(client, world):
    owners = reverse("admin:goals_owner_changelist")
    client.force_login(world["founder"])

    page = client.get(owners).content.decode()

    assert '<a href="/me/?owner=alice">Open</a>' in page
    assert '<a href="/me/?owner=bob">Open</a>' in page
    client.force_login(world["owner_user"])
    assert "/me/?owner=" not in client.get(owners).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=on_track", ["Objective owned by Alice."]),
        ("owners__id__exact={alice}", ["Objective owned by Alice."]),
        ("q=Bob", ["Objective owned by Bob."]),
        ("stale=yes", ["Objective owned by Bob."]),
        ("stale=no", ["Objective owned by Alice."]),
        ("goal__plan__id__exact={plan}", ["Objective owned by Alice.", "Objective owned by Bob."]),
        ("goal__id__exact={goal}", ["Objective owned by Alice.", "Objective owned by Bob."]),
    ],
)
def test_it_filters_and_searches_objectives(client, world, query, expected):
    Objective.objects.filter(pk=world["objective"].pk).update(
        status_updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    mine = world["my_objective"]
    mine.status = "on_track"
    mine.save()
    client.force_login(world["founder"])
    query = query.format(alice=world["alice_owner"].pk, plan=world["plan"].pk, goal=world["goal"].pk)
    assert sorted(listed(client.get(f"{OBJECTIVES}?{query}"))) == expected


def test_bulk_actions_set_status_and_mark_reviewed(client, world):
    client.force_login(world["founder"])
    ids = [world["objective"].pk, world["my_objective"].pk]
    client.post(OBJECTIVES, {"action": "set_status_at_risk", "_selected_action": ids})
    client.post(OBJECTIVES, {"action": "mark_reviewed", "_selected_action": ids})
    rows = Objective.objects.order_by("pk")
    assert [row.status for row in rows] == ["at_risk", "at_risk"]
    assert all(row.reviewed_at is not None for row in rows)
    assert rows[0].history.first().history_user == world["founder"]


def test_owners_bulk_actions_touch_only_their_objectives_and_cannot_mark_reviewed(client, world):
    client.force_login(world["owner_user"])
    response = client.get(OBJECTIVES)
    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "mark_reviewed" not in actions
    client.post(
        OBJECTIVES,
        {"action": "set_status_done", "_selected_action": [world["objective"].pk, world["my_objective"].pk]},
    )
    assert dict(Objective.objects.values_list("slug", "status")) == {"alices": "done", "bobs": "not_started"}


def test_the_board_has_no_bulk_actions(client, world):
    client.force_login(world["board"])
    response = client.post(
        OBJECTIVES, {"action": "set_status_done", "_selected_action": [world["objective"].pk]}
    )
    assert response.status_code in (200, 302, 403)
    assert Objective.objects.filter(status="done").count() == 0


def test_archiving_hides_a_goal_from_public_pages_and_keeps_it(client, world):
    goal = world["goal"]
    client.force_login(world["founder"])
    client.post(reverse("admin:goals_goal_changelist"), {"action": "archive", "_selected_action": [goal.pk]})
    goal.refresh_from_db()
    assert goal.is_archived is True
    client.logout()
    assert client.get(goal.get_absolute_url()).status_code == 404
    assert client.get(world["objective"].get_absolute_url()).status_code == 404
    assert "Grow the community" not in client.get(world["plan"].get_absolute_url()).content.decode()

    client.force_login(world["founder"])
    client.post(
        reverse("admin:goals_goal_changelist"), {"action": "unarchive", "_selected_action": [goal.pk]}
    )
    client.logout()
    assert client.get(goal.get_absolute_url()).status_code == 200


def test_the_goal_page_orders_objectives_inline(client, world):
    client.force_login(world["founder"])
    page = client.get(reverse("admin:goals_goal_change", args=[world["goal"].pk])).content.decode()
    assert 'name="objectives-0-order"' in page
    assert page.index("Objective owned by Alice.") < page.index("Objective owned by Bob.")


@pytest.mark.parametrize("count", [1, 3])
def test_the_lists_make_the_same_number_of_queries_for_1_or_3_rows(
    client, world, django_assert_num_queries, count
):
    Objective.objects.all().delete()
    owner = OwnerFactory()
    for _ in range(count):
        ObjectiveFactory(goal=GoalFactory(plan=world["plan"]), owners=[owner])
    client.force_login(world["founder"])
    with django_assert_num_queries(12):
        response = client.get(OBJECTIVES)
    assert len(response.context["cl"].result_list) == count
    with django_assert_num_queries(10):
        response = client.get(reverse("admin:goals_goal_changelist"))
    assert len(response.context["cl"].result_list) == count + 1


def test_the_stale_filter_agrees_with_the_stale_flag(client, world, settings):
    from tests.factories import EvidenceFactory, PlanFactory

    settings.STRATEGY_STALE_AFTER_DAYS = 60
    today = timezone.localdate()
    Objective.objects.all().delete()
    days = datetime.timedelta(days=1)
    new_plan = PlanFactory(starts_on=today - 10 * days, due_on=today + 300 * days)
    old_plan = PlanFactory(starts_on=today - 200 * days, due_on=today + 300 * days)
    ObjectiveFactory(goal=GoalFactory(plan=new_plan), statement="Never recorded, new plan.")
    ObjectiveFactory(goal=GoalFactory(plan=old_plan), statement="Never recorded, old plan.")
    for days in (60, 61):
        objective = ObjectiveFactory(goal=GoalFactory(plan=old_plan), statement=f"Evidence {days} days ago.")
        EvidenceFactory(objective=objective, happened_on=today - datetime.timedelta(days=days))
    client.force_login(world["founder"])

    filtered = set(listed(client.get(OBJECTIVES + "?stale=yes")))

    flagged = {str(o) for o in Objective.objects.with_standing() if o.is_stale()}
    assert filtered == flagged == {"Never recorded, old plan.", "Evidence 61 days ago."}
