"""The three roles as groups with their permissions (see README, "Roles")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GOALS_MODELS = ["plan", "goal", "objective", "owner", "evidence"]
ALL_ACTIONS = ["add", "change", "delete", "view"]

ROLE_PERMISSIONS = {
    "Founders": (
        [("goals", f"{action}_{model}") for model in GOALS_MODELS for action in ALL_ACTIONS]
        + [("auth", f"{action}_{model}") for model in ["user", "group"] for action in ALL_ACTIONS]
        # Founders unlock people who were locked out after failed sign-ins.
        + [("axes", "view_accessattempt"), ("axes", "delete_accessattempt"), ("axes", "view_accesslog")]
    ),
    "Board": [("goals", f"view_{model}") for model in GOALS_MODELS],
    # Narrowed to the objectives they own by goals/admin.py.
    "Owners": [
        ("goals", "view_objective"),
        ("goals", "change_objective"),
        ("goals", "view_evidence"),
        ("goals", "add_evidence"),
        ("goals", "change_evidence"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    # Historical app configs have no models_module, which create_permissions requires; restore
    # whatever was there (the tests call this with the real registry, which must stay intact).
    for app_config in apps.get_app_configs():
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
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0002_admin_archive_review_version"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
