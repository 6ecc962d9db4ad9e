"""A plan says which language it is written in; its words carry that `lang` where the page is in
another, so that screen readers read them with the right voice."""

import re

import pytest
from django.core.exceptions import ValidationError

from goals.models import Plan
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("tag", ["", "es", "en", "pt-BR", "zh-Hant", "es-419", "ca-valencia", "sr-Latn-RS"])
def test_it_takes_a_language_tag(tag):
    PlanFactory.build(language=tag).full_clean(exclude=["slug"])


@pytest.mark.parametrize("tag", ["Spanish", "e", "es_ES", "en-", "123", "es-ES!"])
def test_it_refuses_anything_else_in_plain_words(tag):
    with pytest.raises(ValidationError) as error:
        PlanFactory.build(language=tag).full_clean(exclude=["slug"])

    assert error.value.message_dict["language"] == [
        "Write the language as a code such as “en”, “es”, “pt-BR” or “fr-CA” (a BCP 47 language tag)."
    ]


@pytest.fixture
def objective_url():
    def make(language):
        plan = PlanFactory(status=Plan.Status.ACTIVE, language=language, title="Plan de acción")
        objective = ObjectiveFactory(goal=GoalFactory(plan=plan), statement="Abrir diez centros.")
        return objective.get_absolute_url()

    return make


def heading(html):
    return re.search(r"<h1[^>]*>", html)[0]


@pytest.mark.parametrize(
    ("plan_language", "reader", "h1"),
    [
        ("es", "en", '<h1 lang="es">'),  # a Spanish plan on an English page
        ("es", "es", "<h1>"),  # the same language: nothing to say
        ("", "es", '<h1 lang="en">'),  # no language given: the site's default, English
        ("", "en", "<h1>"),
        ("es-MX", "es", '<h1 lang="es-MX">'),
    ],
)
def test_the_plans_words_carry_their_language(client, objective_url, plan_language, reader, h1):
    html = client.get(objective_url(plan_language), HTTP_ACCEPT_LANGUAGE=reader).content.decode()

    assert re.search(r'<html lang="([^"]+)"', html)[1] == reader
    assert heading(html) == h1
    # The breadcrumbs name the plan, its goal and the objective: the plan's words too.
    crumbs = html.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    language = re.findall(r'lang="([^"]+)"', h1)
    assert re.findall(r'<li lang="([^"]+)"', crumbs) == language * 3
