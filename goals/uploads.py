"""What every form that takes a file or links checks: upload limits and web addresses."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _


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
    links = [line.strip() for line in text.splitlines() if line.strip()]
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                _("“%(link)s” is not a web address. Put one address per line, starting with https://."),
                code="invalid_link",
                params={"link": link},
            ) from None
    return links
