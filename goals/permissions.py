"""Who may do what, written once as django-rules predicates (as pretalx's rules.py does).

Views, the admin and the evidence files ask `user.has_perm("goals.<rule>", obj)`; nothing else
decides who may see or change a row. The roles are groups made by migration 0003_admin_roles:

- Founders edit everything and manage users.
- Board members read everything and change nothing in the admin (Django's view permissions
  only); they record and withdraw reviews on the review pages.
- Owners (a login linked to an Owner) update the objectives they own and add evidence to them.
- API tokens (goals.ApiToken, issued by founders) post check-ins to their owner's objectives; they
  ask `token.has_perm("goals.post_check_in", objective)` as a login would.

Group permissions (Django's model permissions) say which kinds of object a user may touch; the
predicates here say which rows.
"""

import rules
from django.conf import settings

from goals.models import ApiToken

FOUNDERS = "Founders"
BOARD = "Board"
OWNERS = "Owners"
ROLES = {"founder": FOUNDERS, "board": BOARD, "owner": OWNERS}


def _group_names(user):
    if not hasattr(user, "_role_group_names"):
        user._role_group_names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    return user._role_group_names


@rules.predicate
def is_founder(user):
    """Founders and superusers: no narrowing to owned objectives."""
    return user.is_active and (user.is_superuser or FOUNDERS in _group_names(user))


@rules.predicate
def is_board_member(user):
    return user.is_active and BOARD in _group_names(user)


@rules.predicate
def is_staff(user):
    return user.is_active and user.is_staff


@rules.predicate
def may_view_evidence(user):
    return user.has_perm("goals.view_evidence")


@rules.predicate
def owns_objective(user, objective):
    """The user's linked Owner is one of the objective's owners."""
    return objective is not None and user.is_authenticated and objective.owners.filter(user=user).exists()


@rules.predicate
def may_view_check_ins(user):
    return user.has_perm("goals.view_checkin")


@rules.predicate
def owns_evidence(user, evidence):
    """The evidence (or check-in: anything with an `objective`) belongs to an objective the user owns."""
    return evidence is not None and owns_objective(user, evidence.objective)


@rules.predicate
def added_evidence(user, evidence):
    return evidence is not None and evidence.added_by_id == user.pk


@rules.predicate
def is_live_token(token):
    """An API token that was not revoked (a login is never one)."""
    return isinstance(token, ApiToken) and token.is_live


@rules.predicate
def token_owner_owns_objective(token, objective):
    """The token was issued for one of the objective's owners."""
    return objective is not None and objective.owners.filter(pk=token.owner_id).exists()


edits_everything = is_founder
reads_everything = is_founder | is_board_member

# The board's review pages and the review records in the admin.
rules.add_perm("goals.review_plans", is_staff & reads_everything)
# Whether a recorded review shows in public, and its public summary (the admin's only edit of a
# review): founders. The board records and withdraws on the review pages and changes nothing in
# the admin.
rules.add_perm("goals.publish_review", is_staff & edits_everything)
# A plan's Markdown imported in the admin (uploaded, or from GitHub), confirmed after its dry run:
# an import rewrites or creates a plan, so founders only.
rules.add_perm("goals.import_plan", is_staff & edits_everything)
# Row-level: an objective an owner may read, and update (status, progress, evidence).
rules.add_perm("goals.see_objective", reads_everything | owns_objective)
rules.add_perm("goals.update_objective", edits_everything | owns_objective)
# Evidence: internal items (and their files) only to staff who may see the objective's evidence;
# owners correct only what they added themselves.
rules.add_perm(
    "goals.see_internal_evidence", is_staff & may_view_evidence & (reads_everything | owns_evidence)
)
rules.add_perm("goals.see_evidence", reads_everything | owns_evidence)
# Check-ins as evidence: internal ones (and any on a draft plan) for the same people.
rules.add_perm(
    "goals.see_internal_check_in", is_staff & may_view_check_ins & (reads_everything | owns_evidence)
)
rules.add_perm("goals.correct_evidence", edits_everything | (owns_evidence & added_evidence))
# The write API: a token posts check-ins and measurements to its owner's objectives, nothing else.
rules.add_perm("goals.post_check_in", is_live_token & token_owner_owns_objective)


@rules.predicate
def reads_public_github_only(user):
    # Without a token GitHub shows the site public repositories alone, so a link shows nothing private.
    return not settings.GITHUB_TOKEN


# While GITHUB_REPOSITORIES is empty (GitHubLink.refusal): founders chose the token's reach.
rules.add_perm("goals.link_unlisted_github_repository", edits_everything | reads_public_github_only)
