"""Who may do what in the admin: the three role groups made by migration 0003_admin_roles.

- Founders edit everything and manage users.
- Board members read everything and change nothing (Django's view permissions only).
- Owners (a login linked to an Owner) update the objectives they own and add evidence to them.

Group permissions say which kinds of object a user may touch; the functions here say which rows.
"""

FOUNDERS = "Founders"
BOARD = "Board"
OWNERS = "Owners"
ROLES = {"founder": FOUNDERS, "board": BOARD, "owner": OWNERS}


def _group_names(user):
    if not hasattr(user, "_role_group_names"):
        user._role_group_names = set(user.groups.values_list("name", flat=True))
    return user._role_group_names


def edits_everything(user):
    """Founders and superusers: no narrowing to owned objectives."""
    return user.is_active and (user.is_superuser or FOUNDERS in _group_names(user))


def reads_everything(user):
    """Founders, superusers and the board see every row their permissions allow."""
    return edits_everything(user) or (user.is_active and BOARD in _group_names(user))


def owns(user, objective):
    """Whether the user's linked Owner is one of the objective's owners."""
    return objective.owners.filter(user=user).exists()
