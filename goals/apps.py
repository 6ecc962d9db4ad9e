from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Strategic plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from goals import content_version, permissions  # noqa: F401 - permissions registers the rules
        from goals.models import deletion

        content_version.connect_signals()
        deletion.connect_signals()
