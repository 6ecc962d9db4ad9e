"""Which of a measured value and a progress figure a check-in takes is one rule
(rules.check_in_takes): the admin's "Post an update" and the owners' page (/me/) render the same
boxes for every kind of objective, say where progress comes from when there is no box, and a
check-in never switches progress from GitHub (or the measurements) to "set by hand"."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from goals import rules
from goals.check_ins import record_check_in
from goals.models import CheckIn, KeyResult, Objective
from tests.roles import form_data

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

GITHUB_NOTE = (
    "Progress comes from GitHub: the share of its linked issues and pull requests that are done, "
    "as last read."
)
MEASURED_NOTE = "Progress comes from the measured value, from baseline to target."
NO_KEY_RESULT_NOTE = "Progress is to be measured, but this objective has no key result yet."
BY_HAND_NOTE = "Progress is set by hand on the objective's page in the admin."

# (case, progress source, with a key result, the boxes offered, the line saying where progress comes from)
CASES = [
    ("key result", "measured", True, {"value"}, MEASURED_NOTE),
    ("key result, progress later set by hand", "manual", True, {"value"}, BY_HAND_NOTE),
    ("set by hand", "manual", False, {"progress"}, ""),
    ("derived from status", "status", False, {"progress"}, ""),
    ("from GitHub", "github", False, set(), GITHUB_NOTE),
    ("measured, key result not added yet", "measured", False, set(), NO_KEY_RESULT_NOTE),
]
SURFACES = ["admin", "owners page"]


def arrange(objective, source, with_key_result):
    if with_key_result:
        KeyResult.objects.create(objective=objective, metric="Hubs", unit="institutions", target=4)
    Objective.objects.filter(pk=objective.pk).update(progress_source=source)
    return Objective.objects.get(pk=objective.pk)


def check_in_form_html(client, world, surface, objective):
    """The check-in form of this objective as the surface renders it."""
    if surface == "admin":
        client.force_login(world["founder"])
        html = client.get(reverse("admin:goals_objective_update", args=[objective.pk])).content.decode()
        start = html.index('<form method="post" enctype="multipart/form-data" id="post-update-form"')
    else:
        client.force_login(world["owner_user"])
        html = client.get(reverse("workspace:mine")).content.decode()
        start = html.index(f'action="{reverse("workspace:check-in", args=[objective.pk])}"')
    return html[start : html.index("</form>", start)]


def offered(form_html):
    return set(re.findall(r'name="(?:objective-\d+-)?(value|progress)"', form_html))


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(
    ("case", "source", "with_key_result", "boxes", "note"), CASES, ids=[c[0] for c in CASES]
)
def test_both_forms_offer_the_same_boxes(client, world, surface, case, source, with_key_result, boxes, note):
    objective = arrange(world["my_objective"], source, with_key_result)

    form_html = check_in_form_html(client, world, surface, objective)

    assert offered(form_html) == boxes


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(
    ("case", "source", "with_key_result", "boxes", "note"), CASES, ids=[c[0] for c in CASES]
)
def test_both_forms_say_where_progress_comes_from_when_it_takes_none(
    client, world, surface, case, source, with_key_result, boxes, note
):
    objective = arrange(world["my_objective"], source, with_key_result)

    form_html = unescape(check_in_form_html(client, world, surface, objective))

    notes = re.findall(r'class="[^"]*check-in-progress-note[^"]*">(?:<p>)?([^<]*)<', form_html)
    assert notes == ([note] if note else [])


@pytest.mark.parametrize(
    ("case", "source", "with_key_result", "boxes", "note"), CASES, ids=[c[0] for c in CASES]
)
def test_the_rule_is_what_the_forms_offer(case, source, with_key_result, boxes, note):
    assert rules.check_in_takes(source, has_key_result=with_key_result) == boxes
    assert rules.where_progress_comes_from(source, has_key_result=with_key_result) == note


@pytest.mark.parametrize("surface", SURFACES)
def test_the_measured_value_says_its_unit_on_both_forms(client, world, surface):
    objective = arrange(world["my_objective"], "measured", True)

    form_html = check_in_form_html(client, world, surface, objective)

    labels = re.findall(r'<label for="id_(?:objective-\d+-)?value"[^>]*>([^<]*)</label>', form_html)
    assert [label.rstrip(":") for label in labels] == ["Measured value (institutions)"]


def post(client, world, surface, objective, **fields):
    if surface == "admin":
        client.force_login(world["founder"])
        url = reverse("admin:goals_objective_update", args=[objective.pk])
        data = {**form_data(client.get(url), "post-update-form"), **fields}
    else:
        client.force_login(world["owner_user"])
        url = reverse("workspace:check-in", args=[objective.pk])
        prefix = f"objective-{objective.pk}"
        data = {f"{prefix}-status": objective.status, f"{prefix}-happened_on": "2026-11-30"}
        data |= {
            f"{prefix}-visibility": "public",
            **{f"{prefix}-{name}": value for name, value in fields.items()},
        }
    return client.post(url, data)


@pytest.mark.parametrize("surface", SURFACES)
def test_a_check_in_leaves_progress_from_github_alone(client, world, surface):
    objective = arrange(world["my_objective"], "github", False)

    response = post(client, world, surface, objective, progress="80", note="Two pull requests merged.")

    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.progress_source, objective.progress) == ("github", 0)
    check_in = CheckIn.objects.get(objective=objective)
    assert (check_in.note, check_in.progress) == ("Two pull requests merged.", None)


@pytest.mark.parametrize(
    ("case", "source", "with_key_result", "boxes", "note"), CASES, ids=[c[0] for c in CASES]
)
def test_record_check_in_refuses_a_progress_the_rule_does_not_take(
    world, case, source, with_key_result, boxes, note
):
    objective = arrange(world["my_objective"], source, with_key_result)

    if "progress" in boxes:
        record_check_in(objective, progress=80)
        objective.refresh_from_db()
        assert (objective.progress_source, objective.progress) == ("manual", 80)
        return
    with pytest.raises(ValidationError) as refused:
        record_check_in(objective, progress=80)

    assert list(refused.value.message_dict) == ["progress"]
    objective.refresh_from_db()
    assert objective.progress_source == source
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("surface", SURFACES)
def test_the_links_box_has_one_name_on_both_forms(client, world, surface):
    objective = world["my_objective"]

    response = post(client, world, surface, objective, note="Report out.", links="https://example.org/report")

    assert response.status_code == 302
    assert CheckIn.objects.get(objective=objective).links == "https://example.org/report"
