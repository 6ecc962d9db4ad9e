"""Founders upload a CSV of measurements: a preview first, then every line recorded or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import CheckIn, KeyResult, Objective
from tests.roles import form_data

pytestmark = [pytest.mark.integration]

UPLOAD = reverse("admin:goals_checkin_upload")
GOOD = (
    "\ufeffobjective;date;value;note\n"
    "plan-2026/grow/alices;2026-11-01;2;first count\n"
    "/plans/plan-2026/goals/grow/objectives/alices/;2026-11-14;5;second count\n"
)


@pytest.fixture
def measured(world):
    objective = world["my_objective"]
    KeyResult.objects.create(objective=objective, metric="hubs", unit="hubs", target=10)
    return objective


def upload(client, text, visibility="public"):
    csv_file = SimpleUploadedFile("measurements.csv", text.encode(), content_type="text/csv")
    return client.post(UPLOAD, {"file": csv_file, "visibility": visibility})


def test_the_preview_shows_each_change_and_records_nothing(client, world, measured):
    client.force_login(world["founder"])

    response = upload(client, GOOD)

    html = response.content.decode()
    assert response.status_code == 200
    assert "What will change" in html
    assert "<td>2026-11-01</td>" in html
    assert "<td>2 of 10 hubs</td>" in html
    assert "0% &rarr; 20%" in html
    assert "20% &rarr; 50%" in html
    assert CheckIn.objects.count() == 0
    assert Objective.objects.get(pk=measured.pk).progress == 0


def test_confirming_records_every_line(client, world, measured):
    client.force_login(world["founder"])
    preview = upload(client, GOOD, visibility="internal")

    response = client.post(UPLOAD, {**form_data(preview, "confirm-upload"), "confirm": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:goals_checkin_changelist")
    stored = CheckIn.objects.order_by("happened_on").values_list("value", "note", "visibility", "author")
    assert [(str(value), note, visibility, author) for value, note, visibility, author in stored] == [
        ("2.00", "first count", "internal", world["founder"].pk),
        ("5.00", "second count", "internal", world["founder"].pk),
    ]
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages == ["2 measurement(s) recorded; 0 were already there."]


def test_a_file_with_a_bad_line_is_refused_naming_it(client, world, measured):
    client.force_login(world["founder"])

    response = upload(client, GOOD + "plan-2026/grow/nope;2026-11-20;abc;\n")

    html = response.content.decode()
    assert "Nothing was recorded." in html
    assert "<li>line 4: no objective &#x27;plan-2026/grow/nope&#x27;</li>" in html
    assert "<li>line 4: &#x27;abc&#x27; is not a number</li>" in html
    assert "What will change" not in html
    assert CheckIn.objects.count() == 0


def test_a_confirmation_that_no_longer_holds_changes_nothing(client, world, measured):
    client.force_login(world["founder"])
    data = form_data(upload(client, GOOD), "confirm-upload")
    KeyResult.objects.filter(objective=measured).delete()  # meanwhile, in another tab

    response = client.post(UPLOAD, {**data, "confirm": "1"})

    assert response.status_code == 200
    assert (
        "line 2: &#x27;plan-2026/grow/alices&#x27; has no key result to measure" in response.content.decode()
    )
    assert CheckIn.objects.count() == 0


def test_the_changelists_link_to_it_for_founders_only(client, world):
    links = {}
    for who in ["founder", "owner_user", "board"]:
        client.force_login(world[who])
        pages = [client.get(reverse(f"admin:goals_{model}_changelist")) for model in ("checkin", "keyresult")]
        links[who] = [UPLOAD in page.content.decode() for page in pages]

    assert links == {"founder": [True, True], "owner_user": [False, False], "board": [False, False]}


@pytest.mark.parametrize("who", ["owner_user", "board"])
def test_only_founders_may_upload(client, world, measured, who):
    client.force_login(world[who])

    statuses = [client.get(UPLOAD).status_code, upload(client, GOOD).status_code]

    assert statuses == [403, 403]
    assert CheckIn.objects.count() == 0


def test_the_form_explains_the_file_and_asks_for_one(client, world):
    client.force_login(world["founder"])

    page = client.get(UPLOAD)
    response = client.post(UPLOAD, {"visibility": "public"})

    assert page.status_code == 200
    assert "objective,date,value,note\n2026/hubs/institutions,2026-11-14,3" in page.content.decode()
    assert "Choose a CSV file." in response.content.decode()
