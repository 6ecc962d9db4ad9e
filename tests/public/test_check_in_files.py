"""Check-in files are served as evidence files are: a public check-in's on a public objective to
anyone; internal ones, and any on a draft plan or an archived goal, only to staff who may see the
objective's entries; to everyone else 404, exactly as a file that does not exist."""

import pytest
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import close_old_connections

from goals.models import CheckIn, Plan
from tests.public.test_evidence_files import answer, no_file_opens  # noqa: F401 - a fixture

pytestmark = [pytest.mark.integration]

CONTENT = b"%PDF-1.4 the pilot report"
WHO = ["anonymous", "owner_user", "bob", "board", "founder"]  # Alice (owner_user) does not own Bob's


def hide(world, how):
    """Make Bob's objective's check-in `how`: public on a public plan, internal, or on a hidden objective."""
    if how == "draft plan":
        world["plan"].status = Plan.Status.DRAFT
        world["plan"].save()
    elif how == "archived goal":
        world["goal"].is_archived = True
        world["goal"].save()
    visibility = CheckIn.Visibility.INTERNAL if how == "internal" else CheckIn.Visibility.PUBLIC
    return CheckIn.objects.create(
        objective=world["objective"],
        author=world["bob"],
        note="The pilot report",
        visibility=visibility,
        file=ContentFile(CONTENT, name="pilot-report.pdf"),
    )


def get(client, world, who, url):
    if who != "anonymous":
        client.force_login(world[who])
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else response.content
    # Close the file as the test client does, without closing the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return response.status_code, body, response.get("Cache-Control")


PUBLIC = (200, CONTENT, "public, max-age=300")
PRIVATE = (200, CONTENT, "private, no-store")
HIDDEN = 404

# Who gets what: the rows are how the check-in stands, the columns who asks (as WHO).
CELLS = {
    "public": [PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC],
    "internal": [HIDDEN, HIDDEN, PRIVATE, PRIVATE, PRIVATE],
    "draft plan": [HIDDEN, HIDDEN, PRIVATE, PRIVATE, PRIVATE],
    "archived goal": [HIDDEN, HIDDEN, PRIVATE, PRIVATE, PRIVATE],
}


@pytest.mark.parametrize(
    ("how", "who", "expected"),
    [(how, who, cell) for how, row in CELLS.items() for who, cell in zip(WHO, row, strict=True)],
)
def test_a_check_in_file_is_served_to_whom_may_see_the_check_in(client, world, how, who, expected):
    check_in = hide(world, how)
    assert check_in.file.name.startswith("check-ins/")

    status, body, cache_control = get(client, world, who, check_in.file.url)

    if expected == HIDDEN:
        assert status == 404  # not 403: a hidden file is as missing as one never uploaded
        assert CONTENT not in body
    else:
        assert (status, body, cache_control) == expected


@pytest.mark.parametrize("who", ["anonymous", "owner_user"])
@pytest.mark.parametrize("how", ["internal", "draft plan"])
def test_a_refused_check_in_file_answers_as_a_missing_one(client, world, no_file_opens, how, who):  # noqa: F811
    check_in = hide(world, how)
    if who != "anonymous":
        client.force_login(world[who])

    refused = answer(client, check_in.file.url)
    missing = answer(client, check_in.file.url.replace("pilot-report.pdf", "nothing-here.pdf"))

    assert refused[0] == 404
    assert CONTENT not in refused[1]
    assert refused[:3] == missing[:3]
    if who == "anonymous":
        assert refused[3] == missing[3] == 1


def test_a_check_in_file_is_not_served_as_evidence_nor_evidence_as_a_check_in(client, world):
    check_in = hide(world, "public")
    evidence_path = check_in.file.url.replace("/check-ins/", "/evidence/")

    assert get(client, world, "founder", evidence_path)[0] == 404
