"""The roles' permissions on key results and check-ins (the groups of 0003_admin_roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["keyresult", "keyresulttarget", "checkin"]
ROLE_PERMISSIONS = {
    "Founders": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    "Board": [f"view_{model}" for model in MODELS],
    # Narrowed to the objectives they own by goals/admin/key_results.py.
    "Owners": ["view_keyresult", "view_keyresulttarget", "view_checkin", "add_checkin"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("goals")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="goals", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="goals", codename__in=ROLE_PERMISSIONS[group.name]))


class Migration(migrations.Migration):
    dependencies = [("goals", "0008_key_results_and_check_ins"), ("goals", "0003_admin_roles")]

    operations = [migrations.RunPython(grant, revoke)]
