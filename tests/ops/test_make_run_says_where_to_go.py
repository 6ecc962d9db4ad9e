"""`make run` ends with where to go: the site, the admin, its user and, on first run, the password."""

import pytest
from django.core.management import call_command

from goals.management.commands.serve import _created_password, where_to_go

pytestmark = pytest.mark.integration


def test_the_first_run_block_gives_the_password_once():
    block = where_to_go("http://127.0.0.1:8000", "s3cret-Pass")

    assert (
        "  Admin:           http://127.0.0.1:8000/admin/  (user admin, password s3cret-Pass, shown this once)"
        in block
    )
    assert "changepassword" not in block
    assert block.rstrip().endswith("Quit with CONTROL-C.")


def test_later_runs_say_how_to_set_a_new_password():
    block = where_to_go("http://127.0.0.1:8000")

    assert "(user admin)" in block
    assert "  New password:    .venv/bin/python manage.py changepassword admin" in block


@pytest.mark.django_db
def test_the_password_bootstrap_prints_is_the_one_that_signs_in(settings):
    from io import StringIO

    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    output = StringIO()
    call_command("bootstrap_site", stdout=output)

    password = _created_password(output.getvalue())
    assert password
    assert get_user_model().objects.get(username="admin").check_password(password) is True
