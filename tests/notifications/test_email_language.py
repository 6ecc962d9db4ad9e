"""Each e-mail in its reader's language: the one they chose on their e-mail preferences or last
picked in the footer's switcher, else the site's default; sent through a real SMTP server."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape

from goals.models import NotificationPreference
from tests.notifications.conftest import parts, send_reminders
from tests.roles import admin_url, form_data

pytestmark = pytest.mark.integration

PREFERENCES = "/account/notifications/"


def in_language(day, language):
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def choose(user, language, **kinds):
    NotificationPreference.objects.update_or_create(user=user, defaults={"language": language, **kinds})


@pytest.fixture
def board_digest(team):
    """Boris (board) and Fiona (founder) turned the digest on; the team's second objective is at risk."""
    for user in (team["board"], team["founder"]):
        choose(user, "", digest=True)
    team["founder"].email = "fiona@example.org"
    team["founder"].save()
    team["board"].email = "boris@example.org"
    team["board"].save()
    return team


# --- the reminders ------------------------------------------------------------------------------


def test_a_spanish_reminder_then_an_english_one_in_the_same_run(team, smtp):
    choose(team["alice"], "es")  # alice comes first (by user name); bob never chose
    first = team["due"][0]

    send_reminders()

    [alice] = smtp.to("alice@example.org")
    text, html = parts(alice)
    assert alice["Subject"] == "Toca hacer el seguimiento de 2 de tus objetivos"
    assert "Hola, Alice Adams:" in text
    assert "Hacer el seguimiento de este objetivo" in html
    assert "mensual" in text
    assert in_language(first.check_in_due_on(team["today"]), "es") in text
    assert '<html lang="es">' in html
    for english in ("Hello", "Check in on this objective", "Stop check-in reminders", "monthly"):
        assert english not in text
        assert english not in html
    [bob] = smtp.to("bob@example.org")
    bob_text, bob_html = parts(bob)
    assert bob["Subject"] == "A check-in is due"
    assert "Hello Bob" in bob_text
    assert '<html lang="en">' in bob_html
    for spanish in ("Hola", "Hacer el seguimiento", "mensual", " de 20"):
        assert spanish not in bob_text


ENGLISH, SPANISH = "A check-in is due", "Toca hacer un seguimiento"


@pytest.mark.parametrize(
    ("chosen", "default", "subject", "language"),
    [
        ("", "en", ENGLISH, "en"),
        ("", "es", SPANISH, "es"),
        ("en", "es", ENGLISH, "en"),
        ("es", "en", SPANISH, "es"),
        ("fr", "es", SPANISH, "es"),  # a language the site no longer offers: the default
    ],
)
def test_without_a_choice_it_is_the_sites_default(team, smtp, settings, chosen, default, subject, language):
    settings.LANGUAGE_CODE = default
    NotificationPreference.objects.create(user=team["bob"], language=chosen)

    send_reminders()

    [bob] = smtp.to("bob@example.org")
    assert bob["Subject"] == subject
    assert f'<html lang="{language}">' in parts(bob)[1]


def test_the_plans_own_words_say_their_language_when_it_is_not_the_emails(team, smtp):
    team["plan"].language = "en"
    team["plan"].save()
    choose(team["alice"], "es")

    send_reminders()

    _, spanish = parts(smtp.to("alice@example.org")[0])
    _, english = parts(smtp.to("bob@example.org")[0])
    statement = team["due"][0].statement
    assert f'<strong lang="en">{statement}</strong>' in spanish
    assert '<span lang="en">Plan for the commons › Grow the community</span>' in spanish
    assert f"<strong>{escape(team['bobs'].statement)}</strong>" in english
    assert 'lang="en">' not in english.replace('<html lang="en">', "")


# --- the digest ---------------------------------------------------------------------------------


def test_a_spanish_digest_then_an_english_one_in_the_same_run(board_digest, smtp):
    choose(board_digest["board"], "es", digest=True)  # boris comes before fiona
    choose(board_digest["founder"], "en", digest=True)
    monday = board_digest["today"] - timedelta(days=board_digest["today"].weekday())

    send_reminders("--digest")

    [boris] = smtp.to("boris@example.org")
    text, html = parts(boris)
    assert boris["Subject"] == f"Resumen para la junta de la semana del {in_language(monday, 'es')}"
    assert "Qué se ha movido" in text
    assert "Abrir el dossier de la junta" in html
    assert "en riesgo" in html  # worked out by the board's summary, in the reader's language too
    assert '<html lang="es">' in html
    for english in ("What moved", "Open the board packet", "at risk", "Hello"):
        assert english not in text
        assert english not in html
    [fiona] = smtp.to("fiona@example.org")
    fiona_text, fiona_html = parts(fiona)
    assert fiona["Subject"] == f"Board digest for the week of {in_language(monday, 'en')}"
    assert "What moved" in fiona_text
    assert "at risk" in fiona_html
    assert '<html lang="en">' in fiona_html
    for spanish in ("Qué se ha movido", "en riesgo", "Hola"):
        assert spanish not in fiona_text
        assert spanish not in fiona_html


def test_the_digest_marks_a_plan_in_another_language(board_digest, smtp):
    board_digest["plan"].language = "en"
    board_digest["plan"].save()
    choose(board_digest["board"], "es", digest=True)

    send_reminders("--digest")

    _, spanish = parts(smtp.to("boris@example.org")[0])
    _, english = parts(smtp.to("fiona@example.org")[0])
    assert '<h1 lang="en">Plan for the commons</h1>' in spanish
    assert "<h1>Plan for the commons</h1>" in english


def test_the_run_leaves_the_language_it_found(team, smtp):
    choose(team["alice"], "es")
    choose(team["bob"], "es")

    with translation.override("en"):
        send_reminders()
        assert translation.get_language() == "en"


# --- choosing it ----------------------------------------------------------------------------------


def test_the_preferences_page_offers_the_sites_languages_and_saves_the_choice(team, client):
    client.force_login(team["alice"])
    page = client.get(PREFERENCES).content.decode()

    assert '<select name="language"' in page
    assert '<option value="" selected>The site&#x27;s default (English)</option>' in page
    assert '<option value="en" lang="en">English</option>' in page
    assert '<option value="es" lang="es">español</option>' in page
    saved = client.post(PREFERENCES, {"reminders": "on", "language": "es"}, follow=True)

    assert "Your e-mail preferences are saved." in saved.content.decode()
    preference = NotificationPreference.objects.get(user=team["alice"])
    assert (preference.reminders, preference.language) == (True, "es")
    again = client.get(PREFERENCES).content.decode()
    assert '<option value="es" selected lang="es">español</option>' in again


def test_an_unknown_language_is_refused_in_plain_words(team, client):
    client.force_login(team["alice"])

    response = client.post(PREFERENCES, {"reminders": "on", "language": "xx"})

    assert response.status_code == 200
    assert "The site is not offered in “xx”: choose one of the languages in the list." in (
        response.content.decode()
    )
    assert not NotificationPreference.objects.filter(user=team["alice"]).exists()


def test_the_owners_page_links_to_the_email_preferences(team, client):
    client.force_login(team["alice"])

    page = client.get(reverse("workspace:mine")).content.decode()

    assert f'<a href="{PREFERENCES}">Your e-mails: which ones you get, and in which language</a>' in page


def test_the_switcher_remembers_the_choice_of_a_signed_in_person(team, client):
    client.force_login(team["alice"])

    response = client.post("/language/", {"language": "es", "next": "/me/"})

    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert NotificationPreference.objects.get(user=team["alice"]).language == "es"
    client.post("/language/", {"language": "en", "next": "/me/"})
    preference = NotificationPreference.objects.get(user=team["alice"])
    assert (preference.language, preference.reminders, preference.digest) == ("en", True, False)


def test_the_switcher_keeps_the_other_preferences(team, client):
    NotificationPreference.objects.create(user=team["board"], reminders=False, digest=True)
    client.force_login(team["board"])

    client.post("/language/", {"language": "es", "next": "/"})

    preference = NotificationPreference.objects.get(user=team["board"])
    assert (preference.language, preference.reminders, preference.digest) == ("es", False, True)


def test_the_switcher_stores_nothing_for_anonymous_visitors_or_unknown_languages(team, client):
    anonymous = client.post("/language/", {"language": "es", "next": "/"})
    cookie = client.cookies[settings.LANGUAGE_COOKIE_NAME].value
    client.force_login(team["alice"])
    unknown = client.post("/language/", {"language": "xx", "next": "/"})
    foreign = client.post("/language/", {"language": "fr", "next": "/"})  # Django has it; the site not

    assert anonymous.status_code == unknown.status_code == foreign.status_code == 302
    assert cookie == "es"
    assert NotificationPreference.objects.count() == 0


def test_a_post_from_another_site_changes_no_stored_language(team, client):
    client.force_login(team["alice"])

    response = client.post("/language/", {"language": "es", "next": "/"}, HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 403
    assert NotificationPreference.objects.count() == 0


def test_founders_see_and_change_the_language_in_the_admin(team, client):
    preference = NotificationPreference.objects.create(user=team["alice"], language="es")
    client.force_login(team["founder"])

    listing = client.get(reverse("admin:goals_notificationpreference_changelist")).content.decode()
    form = client.get(admin_url(preference))
    client.post(admin_url(preference), {**form_data(form, "notificationpreference_form"), "language": ""})

    assert "español" in listing
    assert '<option value="es" selected>español</option>' in form.content.decode()
    preference.refresh_from_db()
    assert preference.language == ""
