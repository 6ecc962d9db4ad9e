"""What every form that takes a file or links checks: upload limits and web addresses."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from goals import rules


def validate_upload(upload):
    """Refuse files over STRATEGY_MAX_UPLOAD_MB and types outside STRATEGY_UPLOAD_EXTENSIONS."""
    allowed = [extension.lower().lstrip(".") for extension in settings.STRATEGY_UPLOAD_EXTENSIONS]
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s."),
            code="file_type",
            params={"extension": extension or _("(none)"), "allowed": ", ".join(allowed)},
        )
    limit = settings.STRATEGY_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size).1f MB; the limit is %(limit)s MB."),
            code="file_size",
            params={"size": upload.size / 1024 / 1024, "limit": settings.STRATEGY_MAX_UPLOAD_MB},
        )


class UploadField(forms.FileField):
    default_validators = [validate_upload]


def parse_links(text):
    """The links of a form's text box, one a line; a ValidationError names the first that is not a
    web address (the rule is `rules.link_problem`, which CheckIn.clean() asks too)."""
    links = [line.strip() for line in text.splitlines() if line.strip()]
    for link in links:
        if (problem := rules.link_problem(link)) is not None:
            raise ValidationError(problem, code="invalid_link")
    return links
