"""Uploads with names longer than a file system takes (255 bytes: 90 CJK characters are 270) are
stored under a shortened name that keeps the extension, and download as usual."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import Evidence
from goals.models import evidence as evidence_model
from tests.admin.test_admin_uploads import close

pytestmark = [pytest.mark.integration]

LONG_NAMES = [
    "报告" * 45 + ".pdf",  # 90 CJK characters: 270 bytes
    "a" * 300 + ".txt",
    "😀" * 70 + ".csv",  # 4 bytes each
    "é" * 200 + ".png",
    "Quarterly report " * 20 + ".md",
]


def assert_stored_and_downloadable(client, entry, upload_name, content):
    stored = Path(entry.file.name).name
    assert len(stored.encode()) <= 255
    assert stored.endswith(Path(upload_name).suffix)
    assert stored[:2] == (upload_name[:2].replace(" ", "_") if upload_name[0].isalnum() else "fi")
    assert Path(entry.file.path).read_bytes() == content
    response = client.get(entry.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    close(response)


@pytest.mark.parametrize("name", LONG_NAMES)
def test_an_owner_adds_evidence_with_a_very_long_file_name_in_the_admin(client, world, name):
    client.force_login(world["owner_user"])
    data = {
        "objective": world["my_objective"].pk,
        "title": "The long one",
        "kind": "document",
        "happened_on": "2026-03-01",
        "visibility": "public",
        "file": SimpleUploadedFile(name, b"%PDF-1.4 long"),
    }

    response = client.post(reverse("admin:goals_evidence_add"), data)

    assert response.status_code == 302
    assert_stored_and_downloadable(client, Evidence.objects.get(title="The long one"), name, b"%PDF-1.4 long")


@pytest.mark.parametrize("name", LONG_NAMES)
def test_an_owner_posts_an_update_with_a_very_long_file_name(client, world, name):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])
    data = {
        "status": "on_track",
        "note": "Published the long report",
        "happened_on": "2026-03-05",
        "visibility": "public",
        "loaded_version": objective.version,
        "file": SimpleUploadedFile(name, b"report"),
    }

    response = client.post(reverse("admin:goals_objective_update", args=[objective.pk]), data)

    assert response.status_code == 302
    check_in = objective.check_ins.get(note="Published the long report")
    assert_stored_and_downloadable(client, check_in, name, b"report")


def test_the_same_long_name_twice_gives_two_files(client, world):
    client.force_login(world["founder"])
    name = "报告" * 45 + ".pdf"
    for number in (1, 2):
        data = {
            "objective": world["objective"].pk,
            "title": f"Copy {number}",
            "kind": "document",
            "happened_on": "2026-03-01",
            "visibility": "public",
            "file": SimpleUploadedFile(name, f"copy {number}".encode()),
        }
        assert client.post(reverse("admin:goals_evidence_add"), data).status_code == 302

    first, second = (Evidence.objects.get(title=f"Copy {number}") for number in (1, 2))
    assert first.file.name != second.file.name
    assert Path(second.file.path).read_bytes() == b"copy 2"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("报" * 90 + ".pdf", "报" * 65 + ".pdf"),  # 195 + 4 bytes
        ("é" * 150 + ".pdf", "é" * 98 + ".pdf"),  # a 2-byte character is never cut in half
        ("x" * 250, "x" * 200),
        ("a." + "b" * 250, "a." + "b" * 198),  # no sensible extension: cut as one name
        ("../../etc/" + "报" * 90 + ".txt", "报" * 65 + ".txt"),
        ("..." + "x" * 300 + ".pdf", "x" * 196 + ".pdf"),  # never a hidden file
        ("😀" * 70 + ".csv", "file.csv"),  # nothing the storage keeps
        ("My report (final).pdf", "My_report_final.pdf"),
    ],
)
def test_short_file_name_cuts_at_200_bytes_and_keeps_the_extension(name, expected):
    assert evidence_model.short_file_name(name) == expected
