"""What every template may show: the organisation whose plan this is (settings, from the environment)."""

from django.conf import settings


def organization(request):
    return {
        "organization": {
            "name": settings.STRATEGY_ORGANIZATION_NAME,
            "url": settings.STRATEGY_ORGANIZATION_URL,
            "logo_url": settings.STRATEGY_ORGANIZATION_LOGO_URL,
        }
    }
