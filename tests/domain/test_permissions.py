"""Each rule of goals/permissions.py, asked as views and the admin ask it: user.has_perm(rule, obj).

Every rule has someone who may and someone who may not (alice owns "alices", bob owns "bobs").
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from goals.models import Evidence

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def who(world, name):
    return AnonymousUser() if name == "anonymous" else world[name]


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("founder", True), ("board", True), ("owner_user", False), ("bob", False), ("anonymous", False)],
)
def test_only_founders_and_the_board_may_review(world, user, allowed):
    assert who(world, user).has_perm("goals.review_plans") is allowed


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("founder", True), ("board", False), ("owner_user", False), ("anonymous", False)],
)
def test_only_founders_may_publish_a_review(world, user, allowed):
    assert who(world, user).has_perm("goals.publish_review") is allowed


def test_a_board_member_who_is_not_staff_may_not_review(world):
    board = world["board"]
    board.is_staff = False
    board.save()

    assert board.has_perm("goals.review_plans") is False


@pytest.mark.parametrize(
    ("rule", "user", "allowed"),
    [
        ("goals.update_objective", "owner_user", True),  # alice's own
        ("goals.update_objective", "bob", False),
        ("goals.update_objective", "founder", True),
        ("goals.update_objective", "board", False),
        ("goals.see_objective", "board", True),
        ("goals.see_objective", "bob", False),
        ("goals.see_objective", "anonymous", False),
    ],
)
def test_objective_rules_follow_ownership(world, rule, user, allowed):
    assert who(world, user).has_perm(rule, world["my_objective"]) is allowed


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("founder", True), ("board", True), ("owner_user", True), ("bob", False), ("anonymous", False)],
)
def test_internal_evidence_is_for_staff_who_may_see_its_objective(world, user, allowed):
    evidence = world["my_evidence"]
    evidence.visibility = Evidence.Visibility.INTERNAL
    evidence.save()

    assert who(world, user).has_perm("goals.see_internal_evidence", evidence) is allowed


def test_owners_correct_only_the_evidence_they_added(world):
    alice = world["owner_user"]
    added_by_alice = world["my_evidence"]
    added_by_alice.added_by = alice
    added_by_alice.save()
    added_by_someone_else = Evidence.objects.create(objective=world["my_objective"], title="By staff")

    assert alice.has_perm("goals.correct_evidence", added_by_alice) is True
    assert alice.has_perm("goals.correct_evidence", added_by_someone_else) is False
    assert world["founder"].has_perm("goals.correct_evidence", added_by_someone_else) is True


@pytest.mark.parametrize(
    ("token_of", "revoked", "objective", "allowed"),
    [
        ("alice_owner", False, "my_objective", True),
        ("alice_owner", False, "objective", False),  # Bob's
        ("alice_owner", True, "my_objective", False),
        ("owner", False, "my_objective", False),  # Bob's token on Alice's objective
    ],
)
def test_a_token_posts_check_ins_only_to_its_owners_objectives(world, token_of, revoked, objective, allowed):
    from goals.models import ApiToken

    token, _ = ApiToken.issue(owner=world[token_of], name="cron")
    if revoked:
        token.revoke()

    assert token.has_perm("goals.post_check_in", world[objective]) is allowed


@pytest.mark.parametrize("user", ["founder", "owner_user"])
def test_a_login_is_never_a_token(world, user):
    assert world[user].has_perm("goals.post_check_in", world["my_objective"]) is False
