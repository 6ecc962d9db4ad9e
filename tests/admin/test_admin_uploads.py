"""Uploaded evidence: size and type limits, stored under MEDIA_ROOT, only ever served as a download."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from goals.models import Evidence

pytestmark = [pytest.mark.integration]


def upload(client, world, name, content, visibility="public"):
    data = {
        "objective": world["objective"].pk,
        "title": f"Upload {name}",
        "kind": "document",
        "happened_on": "2026-03-01",
        "visibility": visibility,
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("admin:goals_evidence_add"), data)


def status_of(client, url):
    response = client.get(url)
    close(response)
    return response.status_code


def close(response):
    """Close a streamed file as the test client does, without closing the test's database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_it_stores_an_allowed_file_under_media_root(client, world, settings):
    client.force_login(world["founder"])
    response = upload(client, world, "report.pdf", b"%PDF-1.4 a report")
    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Upload report.pdf")
    assert Path(evidence.file.path).is_relative_to(settings.MEDIA_ROOT)
    assert Path(evidence.file.path).read_bytes() == b"%PDF-1.4 a report"


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "run.exe", "script.js", "noextension"])
def test_it_refuses_types_outside_the_allow_list(client, world, name):
    client.force_login(world["founder"])
    response = upload(client, world, name, b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert "cannot be uploaded. Allowed types: pdf, txt, md, csv, png" in response.content.decode()
    assert not Evidence.objects.filter(title=f"Upload {name}").exists()


def test_it_refuses_files_over_the_size_limit(client, world, settings):
    settings.STRATEGY_MAX_UPLOAD_MB = 1
    client.force_login(world["founder"])
    response = upload(client, world, "big.csv", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 200
    assert "This file is 1.0 MB; the limit is 1 MB." in response.content.decode()
    assert upload(client, world, "small.csv", b"x" * 1024).status_code == 302


def test_it_serves_files_only_as_downloads(client, world):
    client.force_login(world["founder"])
    upload(client, world, "notes.txt", b"<html><script>alert(1)</script></html>")
    evidence = Evidence.objects.get(title="Upload notes.txt")
    client.logout()

    response = client.get(evidence.file.url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"<html><script>alert(1)</script></html>"
    close(response)


def test_internal_files_are_only_for_staff_who_may_see_them(client, world):
    client.force_login(world["founder"])
    upload(client, world, "budget.xlsx", b"PK internal", visibility="internal")
    url = Evidence.objects.get(title="Upload budget.xlsx").file.url

    client.logout()
    assert status_of(client, url) == 404
    client.force_login(world["owner_user"])  # Alice does not own this objective
    assert status_of(client, url) == 404
    client.force_login(world["board"])
    assert status_of(client, url) == 200
    assert status_of(client, "/media/evidence/nothing-here.pdf") == 404


def test_an_owner_attaches_a_file_to_an_update(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])
    data = {
        "status": "on_track",
        "note": "Published the report",
        "happened_on": "2026-03-05",
        "visibility": "public",
        "loaded_version": objective.version,
        "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4"),
    }
    response = client.post(reverse("admin:goals_objective_update", args=[objective.pk]), data)
    assert response.status_code == 302
    check_in = objective.check_ins.get(note="Published the report")
    assert check_in.file.name.startswith("check-ins/")
    assert check_in.file.name.endswith("report.pdf")
    assert Path(check_in.file.path).read_bytes() == b"%PDF-1.4"
    assert not objective.evidence.filter(summary="Published the report").exists()

    data.update(file=SimpleUploadedFile("evil.html", b"<script>"), loaded_version=objective.version + 1)
    response = client.post(reverse("admin:goals_objective_update", args=[objective.pk]), data)
    assert "Files of type “html” cannot be uploaded." in response.content.decode()


def test_only_files_the_public_may_see_are_cacheable_by_shared_caches(client, world):
    client.force_login(world["founder"])
    upload(client, world, "plan.pdf", b"%PDF-1.4")
    evidence = Evidence.objects.get(title="Upload plan.pdf")
    response = client.get(evidence.file.url)
    assert response["Cache-Control"] == "public, max-age=300"
    close(response)

    plan = evidence.objective.goal.plan
    plan.status = "draft"
    plan.save()
    response = client.get(evidence.file.url)  # staff still may; no proxy may keep it
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    close(response)
