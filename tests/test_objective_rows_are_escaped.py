"""The objective rows (a Jinja2 template, goals/jinja.py) escape text the way Django templates do."""

import pytest

from .factories import ObjectiveFactory, OwnerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

STATEMENT = "<script>alert('row')</script> & \"quoted\""
OWNER = "<b>Ada</b> O'Neil"


@pytest.fixture
def objective():
    owner = OwnerFactory(name=OWNER)
    return ObjectiveFactory(statement=STATEMENT, owners=[owner])


@pytest.mark.parametrize("page", ["plan", "goal", "owner"])
def test_row_text_is_escaped_like_django_escapes_it(client, objective, page):
    url = {
        "plan": objective.goal.plan.get_absolute_url(),
        "goal": objective.goal.get_absolute_url(),
        "owner": objective.owners.get().get_absolute_url(),
    }[page]

    html = client.get(url).content.decode()

    assert "&lt;script&gt;alert(&#x27;row&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in html
    assert "&lt;b&gt;Ada&lt;/b&gt; O&#x27;Neil" in html
    assert "<script>alert" not in html
    assert "<b>Ada</b>" not in html
