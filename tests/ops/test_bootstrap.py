from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from goals.models import Plan

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def bootstrap():
    out = StringIO()
    call_command("bootstrap_site", stdout=out)
    return out.getvalue()


def test_it_imports_the_2i2c_plan_and_makes_an_admin_once(settings):
    settings.DEBUG = True
    first = bootstrap()
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.ACTIVE
    assert plan.goals.count() == 3
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    password = first.split("password: ")[1].split()[0]
    assert admin.check_password(password)

    second = bootstrap()
    assert "nothing imported" in second
    assert "password" not in second
    assert Plan.objects.count() == 1


def test_it_makes_no_superuser_outside_debug(settings):
    settings.DEBUG = False
    bootstrap()
    assert not get_user_model().objects.exists()
