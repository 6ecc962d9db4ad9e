"""The admin's forms in Spanish: every label of a change page comes from a marked word, none from a
field's attribute name (a form field without a label is named in English by Django)."""

import re

import pytest

from tests.roles import admin_url

pytestmark = [pytest.mark.integration]

LABEL = re.compile(r"<label[^>]*>([^<]+)</label>")
# Words that read the same in both languages.
SAME_IN_SPANISH = {"Plan:", "URL:", "ETags:"}


def labels(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return set(LABEL.findall(response.content.decode()))


@pytest.mark.parametrize("key", ["plan", "goal", "objective", "owner", "evidence"])
def test_every_label_of_a_change_page_is_translated(client, world, key):
    client.force_login(world["founder"])
    url = admin_url(world[key], "change")

    english, spanish = labels(client, url, "en"), labels(client, url, "es")

    assert english, "no labels found: the page changed shape"
    assert sorted((english & spanish) - SAME_IN_SPANISH) == []
