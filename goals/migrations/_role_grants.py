"""Granting the roles (the groups of 0003_admin_roles) the permissions on models a migration adds.

Migrations that add models call `role_grants(ROLE_PERMISSIONS)` for their RunPython pair; the name
starts with an underscore so that Django's migration loader does not take it for a migration."""

from django.contrib.auth.management import create_permissions


def role_grants(role_permissions):
    """(grant, revoke) for RunPython: each group in `role_permissions` gains (or loses) its codenames."""

    def grant(apps, schema_editor):
        app_config = apps.get_app_config("goals")
        # create_permissions skips an app without models_module; migrations run before it is set.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = previous
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for name, codenames in role_permissions.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="goals", codename__in=codenames)
            )

    def revoke(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        for group in apps.get_model("auth", "Group").objects.filter(name__in=role_permissions):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="goals", codename__in=role_permissions[group.name]
                )
            )

    return grant, revoke
