"""The roles' permissions on key results and check-ins (the groups of 0003_admin_roles)."""

from django.db import migrations

from goals.migrations._role_grants import role_grants

MODELS = ["keyresult", "keyresulttarget", "checkin"]
ROLE_PERMISSIONS = {
    "Founders": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    "Board": [f"view_{model}" for model in MODELS],
    # Narrowed to the objectives they own by goals/admin/key_results.py.
    "Owners": ["view_keyresult", "view_keyresulttarget", "view_checkin", "add_checkin"],
}


grant, revoke = role_grants(ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("goals", "0008_key_results_and_check_ins"), ("goals", "0003_admin_roles")]

    operations = [migrations.RunPython(grant, revoke)]
