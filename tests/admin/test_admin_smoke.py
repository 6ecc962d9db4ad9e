import pytest

from tests.roles import admin_url

pytestmark = [pytest.mark.integration]


def test_it_renders_every_admin_page_for_a_founder(client, world):
    client.force_login(world["founder"])
    for key in ["plan", "goal", "objective", "owner", "evidence"]:
        obj = world[key]
        for action in ["change", "history", "delete"]:
            response = client.get(admin_url(obj, action))
            assert response.status_code == 200, (key, action)
        response = client.get(admin_url(obj, "change").rsplit("/", 3)[0] + "/")
        assert response.status_code == 200
