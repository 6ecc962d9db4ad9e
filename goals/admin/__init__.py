"""The admin: where founders keep the plan current, owners post updates and the board reads.

Roles are groups (goals/roles.py, migration 0003_admin_roles). Group permissions decide which kinds
of object a user may see or change; the methods below narrow owners to the objectives they own.
"""

from goals.admin import (  # noqa: F401 - each registers its models
    api_tokens,
    evidence,
    github,
    key_results,
    notifications,
    objectives,
    plans,
    reviews,
)
