"""Each person turns each kind of e-mail on or off; founders can change anyone's in the admin."""

import pytest
from django.urls import reverse

from goals.models import NotificationPreference
from tests.roles import admin_url, form_data

pytestmark = pytest.mark.integration

URL = "/account/notifications/"


def test_it_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={URL}"


def test_an_owner_sees_reminders_only_and_the_defaults(team, client):
    client.force_login(team["alice"])

    page = client.get(URL).content.decode()

    checkbox = (
        'type="checkbox" name="reminders" aria-describedby="id_reminders_helptext" id="id_reminders" checked>'
    )
    assert checkbox in page
    assert 'name="digest"' not in page  # the digest is for those who may read the packet
    assert "E-mails go to <strong>alice@example.org</strong>" in page


def test_an_owner_turns_reminders_off_and_on_again(team, client):
    client.force_login(team["alice"])
    data = form_data(client.get(URL), "preferences")
    del data["reminders"]  # unticked: the browser sends nothing at all

    saved = client.post(URL, data, follow=True)

    assert "Your e-mail preferences are saved." in saved.content.decode()
    assert NotificationPreference.objects.get(user=team["alice"]).reminders is False
    client.post(URL, {"reminders": "on"})
    assert NotificationPreference.objects.get(user=team["alice"]).reminders is True


def test_a_board_member_turns_the_digest_on(team, client):
    client.force_login(team["board"])
    data = {**form_data(client.get(URL), "preferences"), "digest": "on"}

    client.post(URL, data)

    preference = NotificationPreference.objects.get(user=team["board"])
    assert (preference.reminders, preference.digest) == (True, True)


def test_an_owner_cannot_turn_the_digest_on_by_posting_it(team, client):
    client.force_login(team["alice"])

    client.post(URL, {"reminders": "on", "digest": "on"})

    assert NotificationPreference.objects.get(user=team["alice"]).digest is False


def test_it_says_so_when_there_is_no_address(team, client):
    team["bob"].email = ""
    team["bob"].save()
    team["bob_owner"].email = ""
    team["bob_owner"].save()
    client.force_login(team["bob"])

    assert "We have no e-mail address for you" in client.get(URL).content.decode()


def test_founders_edit_anyones_preferences_in_the_admin_and_nobody_else_may(team, client):
    preference = NotificationPreference.objects.create(user=team["alice"])
    changelist = reverse("admin:goals_notificationpreference_changelist")

    for user in (team["board"], team["alice"]):
        client.force_login(user)
        assert client.get(changelist).status_code == 403
    client.force_login(team["founder"])
    assert "alice" in client.get(changelist).content.decode()
    client.post(admin_url(preference), {"user": team["alice"].pk, "digest": "on"})

    preference.refresh_from_db()
    assert (preference.reminders, preference.digest) == (False, True)


def test_founders_read_what_was_sent_and_cannot_change_it(team, client, smtp):
    from tests.notifications.conftest import send_reminders

    send_reminders()
    client.force_login(team["founder"])

    listing = client.get(reverse("admin:goals_remindersent_changelist"))
    add = client.get(reverse("admin:goals_remindersent_add"))

    assert "Ten hubs run on open infrastructure." in listing.content.decode()
    assert add.status_code == 403
