from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Strategic plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from goals import content_version, permissions  # noqa: F401 - permissions registers the rules
        from goals.models import deletion

        content_version.connect_signals()
        deletion.connect_signals()
