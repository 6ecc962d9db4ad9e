"""Titles of what other sites show (feeds, badges): with the organisation's name when one is set."""

from django.conf import settings


def with_organization(title):
    """ "2i2c · Strategy and goals" when STRATEGY_ORGANIZATION_NAME is set, else the title alone."""
    name = settings.STRATEGY_ORGANIZATION_NAME
    return f"{name} · {title}" if name else title
