"""A request body larger than any form, upload or delivery the site takes is refused with a 413
before anything reads it. Django streams a multipart body's files to temporary files whatever their
size, and the language switcher (no CSRF token, no sign-in) reads its form, so anyone could make
a server write gigabytes to its disk; a form with a CSRF cookie of one's own making did the same."""

import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from goals.models import CheckIn

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MB = 1024 * 1024


@pytest.fixture
def small_limit(settings):
    settings.STRATEGY_MAX_UPLOAD_MB = 1
    settings.GITHUB_WEBHOOK_MAX_BYTES = MB // 2


@pytest.fixture
def no_temporary_files(monkeypatch):
    """Fail if the request's files reach a temporary file (Django's TemporaryUploadedFile)."""
    written = []
    real = tempfile.NamedTemporaryFile

    def spy(*args, **kwargs):
        written.append(kwargs.get("suffix"))
        return real(*args, **kwargs)

    monkeypatch.setattr("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", spy)
    return written


def big(name="big.pdf", size=3 * MB):
    return SimpleUploadedFile(name, b"x" * size, content_type="application/pdf")


def test_an_anonymous_post_of_a_huge_body_to_the_language_switcher_is_a_413(small_limit, no_temporary_files):
    response = Client().post("/language/", {"language": "es", "next": "/", "file": big()})

    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert "1 MB" in response.content.decode()
    assert no_temporary_files == []
    assert "django_language" not in response.cookies


def test_the_413_page_is_in_the_readers_language(small_limit):
    response = Client().post("/language/", {"file": big()}, HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 413
    assert '<html lang="es">' in response.content.decode()


def test_an_owners_upload_over_the_limit_by_far_is_a_413_page_in_words(
    world, small_limit, no_temporary_files
):
    client = Client()
    client.force_login(world["owner_user"])
    objective = world["my_objective"]
    prefix = f"objective-{objective.pk}-"

    response = client.post(
        f"/me/objectives/{objective.pk}/check-in/",
        {f"{prefix}status": objective.status, f"{prefix}happened_on": "2026-02-01",
         f"{prefix}visibility": "public", f"{prefix}file": big()},
    )  # fmt: skip

    assert response.status_code == 413
    assert "The files you sent are too large: the limit is 1 MB." in response.content.decode()
    assert CheckIn.objects.count() == 0
    assert no_temporary_files == []


def test_an_upload_near_the_limit_still_gets_the_forms_own_words(world, small_limit):
    client = Client()
    client.force_login(world["owner_user"])
    objective = world["my_objective"]
    prefix = f"objective-{objective.pk}-"

    response = client.post(
        f"/me/objectives/{objective.pk}/check-in/",
        {f"{prefix}status": objective.status, f"{prefix}happened_on": "2026-02-01",
         f"{prefix}visibility": "public", f"{prefix}file": big(size=MB + 1000)},
    )  # fmt: skip

    assert response.status_code == 400
    assert "the limit is 1 MB" in response.content.decode()


@pytest.mark.parametrize("size", [MB // 2 + 1, 3 * MB], ids=["over its own limit", "over the site's"])
def test_a_webhook_delivery_keeps_its_own_limit_and_answer(db, small_limit, settings, size):
    settings.GITHUB_WEBHOOK_SECRET = "secret"

    response = Client().post("/hooks/github", b"x" * size, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"message": "This delivery is too large."}
