"""Every model and every field of the site names itself in words marked for translation, so that
the admin in Spanish shows no English attribute names (docs/translations.md, "Marking strings")."""

import pytest
from django.apps import apps
from django.utils.functional import Promise

pytestmark = pytest.mark.unit

MODELS = [
    model
    for model in apps.get_app_config("goals").get_models()
    if not model.__name__.startswith("Historical")
]


def unmarked(model):
    """The names of `model` that are plain strings: its own, then its fields' names and help texts."""
    options = model._meta
    names = [f"{model.__name__}.{attr}" for attr in ("verbose_name", "verbose_name_plural")]
    found = [
        name
        for name, text in zip(names, (options.verbose_name, options.verbose_name_plural), strict=True)
        if not isinstance(text, Promise)
    ]
    for field in options.get_fields(include_hidden=False):
        if field.auto_created or not (field.concrete or field.many_to_many):
            continue
        if not isinstance(field._verbose_name, Promise):
            found.append(f"{model.__name__}.{field.name}")
        if field.help_text and not isinstance(field.help_text, Promise):
            found.append(f"{model.__name__}.{field.name}.help_text")
    return found


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_names_the_model_and_its_fields_in_marked_words(model):
    assert unmarked(model) == []
