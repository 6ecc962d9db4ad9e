"""The refusals of an upload or a link (goals/uploads.py) are read from the reader's catalogue, as
every other form error is: an owner checking in in Spanish is told in Spanish what was wrong."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import trans_real

from goals.uploads import parse_links, validate_upload

pytestmark = pytest.mark.unit

MESSAGES = {
    "file_type": "Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s.",
    "file_size": "This file is %(size).1f MB; the limit is %(limit)s MB.",
    "invalid_link": "“%(link)s” is not a web address. Put one address per line, starting with https://.",
}


@pytest.fixture
def spanish_catalogue():
    """The Spanish catalogue with a marker for each message, taken out again afterwards."""
    catalogue = trans_real.translation("es")._catalog
    for code, message in MESSAGES.items():
        catalogue[message] = f"[es] {code}"
    with translation.override("es"):
        yield
    for message in MESSAGES.values():
        catalogue._catalogs[0].pop(message, None)


def refusal(check):
    with pytest.raises(ValidationError) as refused:
        check()
    return refused.value


@pytest.mark.parametrize(
    ("code", "check"),
    [
        ("file_type", lambda: validate_upload(SimpleUploadedFile("page.html", b"<p>"))),
        ("file_size", lambda: validate_upload(SimpleUploadedFile("big.pdf", b"x" * (11 * 1024 * 1024)))),
        ("invalid_link", lambda: parse_links("javascript:alert(1)")),
    ],
)
def test_each_refusal_is_in_the_readers_language(spanish_catalogue, settings, code, check):
    settings.STRATEGY_MAX_UPLOAD_MB = 10

    error = refusal(check)

    assert error.code == code
    assert error.messages == [f"[es] {code}"]
