"""The objective rows of the plan, goal and owner pages escape every text."""

import pytest
from django.utils.html import escape

from tests.factories import ObjectiveFactory, OwnerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

STATEMENT = "<script>alert('row')</script> & \"quoted\""
OWNER = "<b>Ada</b> O'Neil"


@pytest.fixture
def objective():
    owner = OwnerFactory(name=OWNER)
    return ObjectiveFactory(statement=STATEMENT, owners=[owner])


@pytest.mark.parametrize("page", ["plan", "goal", "owner"])
def test_row_text_is_escaped(client, objective, page):
    url = {
        "plan": objective.goal.plan.get_absolute_url(),
        "goal": objective.goal.get_absolute_url(),
        "owner": objective.owners.get().get_absolute_url(),
    }[page]

    html = client.get(url).content.decode()

    assert str(escape(STATEMENT)) in html  # &lt;script&gt;alert(&#x27;row&#x27;)...
    assert str(escape(OWNER)) in html
    assert "<script>alert" not in html
    assert "<b>Ada</b>" not in html
