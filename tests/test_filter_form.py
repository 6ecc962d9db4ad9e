"""The plan page's filter selects are memoized: the same bytes as Django's own Select, from memory."""

import pytest
from django import forms

from goals.filters import MemoizedSelect, ObjectiveFilterForm

pytestmark = pytest.mark.unit

CHOICES = [("", "Anyone"), ("ada", "Ada <Lovelace>"), ("bo", "Bo")]


@pytest.mark.parametrize("value", [None, "", "ada", "missing"])
def test_a_memoized_select_renders_as_djangos_select(value):
    attrs = {"id": "id_owner", "aria-invalid": "true"}
    expected = forms.Select(choices=CHOICES).render("owner", value, attrs)
    assert MemoizedSelect(choices=CHOICES).render("owner", value, attrs) == expected
    assert MemoizedSelect(choices=CHOICES).render("owner", value, attrs) == expected  # from memory


def test_a_changed_choice_gives_a_new_rendering():
    first = MemoizedSelect(choices=CHOICES).render("owner", "ada", {"id": "id_owner"})
    renamed = MemoizedSelect(choices=[*CHOICES[:1], ("ada", "Ada King")]).render(
        "owner", "ada", {"id": "id_owner"}
    )
    assert "Ada &lt;Lovelace&gt;" in first
    assert "Ada King" in renamed
    assert '<option value="ada" selected>Ada King</option>' in renamed


def test_the_filter_form_uses_it():
    form = ObjectiveFilterForm({"status": "at_risk"})
    assert all(isinstance(field.widget, MemoizedSelect) for field in form.fields.values())
    assert '<option value="at_risk" selected>At risk</option>' in str(form["status"])
