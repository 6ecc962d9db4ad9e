"""Two founders press Save at the same moment, on the embedded SQLite database, through the real
app server: both saves complete, or one gets the conflict form with its input; never a 503.

In-memory test databases cannot show this (one connection, no file locks), so the site runs as
deployed: gunicorn with two processes of two threads on a SQLite file, in production mode.
"""

import http.client
import json
import subprocess
import threading
import urllib.parse
from pathlib import Path

import pytest

from tests.production import ROOT, held_port, manage, production_env, wait_until_serving
from tests.roles import form_fields

pytestmark = [pytest.mark.integration]

PAIRS = 30  # ten of each kind below
CONFLICT = "Someone else saved this"

# Two founders signed in (sessions made as the test client makes them: no password hashing), a goal
# with two objectives, and the admin URLs of each.
SEED = """
import json
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory
from tests.roles import make_user
sessions = []
for name in ("fiona", "gina"):
    client = Client()
    client.force_login(make_user(name, "Founders"))
    sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
goal = GoalFactory(plan=PlanFactory(status="active"), slug="grow")
first, second = (ObjectiveFactory(goal=goal, slug=slug) for slug in ("first", "second"))
change = lambda obj: reverse(f"admin:goals_{obj._meta.model_name}_change", args=[obj.pk])
urls = {"goal": change(goal), "first": change(first), "second": change(second)}
print(json.dumps({"session_cookie": settings.SESSION_COOKIE_NAME, "sessions": sessions, "urls": urls}))
"""


class Browser:
    """One signed-in person: cookies, the CSRF token, and forms posted as a browser posts them."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, data=None):
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
            headers["Referer"] = origin + path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, cookie_value = value.split(";")[0].split("=", 1)
                    self.cookies[cookie_name] = cookie_value
            return response.status, text
        finally:
            connection.close()

    def form(self, path, form_id):
        status, page = self.request("GET", path)
        assert status == 200, page[:500]
        return form_fields(page, form_id)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn in production mode on a fresh SQLite file; yields (port, what SEED printed)."""
    folder = tmp_path_factory.mktemp("sqlite-site")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_SECURE_PROXY_SSL_HEADER="True",
        DJANGO_LOG_LEVEL="WARNING",
        GUNICORN_ACCESS_LOG="false",
    )
    for command in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0")):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    result = manage("shell", "-c", SEED, env=env)
    assert result.returncode == 0, result.stderr
    seeded = json.loads(result.stdout.strip().splitlines()[-1])
    log = (folder / "gunicorn.log").open("w")
    with held_port() as listener:  # gunicorn gets a copy of the socket: it keeps the port
        port = listener.getsockname()[1]
        server = subprocess.Popen(  # noqa: S603 - our own app server with fixed arguments
            [
                str(Path(ROOT) / ".venv" / "bin" / "gunicorn"),
                "strategy_site.wsgi",
                "--config",
                "gunicorn.conf.py",
            ],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"fd://{listener.fileno()}",
                "GUNICORN_WORKERS": "2",
                "GUNICORN_THREADS": "2",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    try:
        wait_until_serving(server, lambda: Browser(port).request("GET", "/healthz")[0] == 200)
        yield port, seeded
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def founders(site):
    port, seeded = site
    browsers = (Browser(port), Browser(port))
    for browser, session in zip(browsers, seeded["sessions"], strict=True):
        browser.cookies[seeded["session_cookie"]] = session
    return browsers


def save_together(saves):
    """Post each (browser, path, data) at the same moment; their (status, page) in the same order."""
    start, results = threading.Barrier(len(saves)), [None] * len(saves)

    def save(index, browser, path, data):
        start.wait()
        results[index] = browser.request("POST", path, data)

    threads = [threading.Thread(target=save, args=(i, *args)) for i, args in enumerate(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


KINDS = [
    # (the kind, what each founder saves: (page, form, field)); the first two conflict
    ("the same objective", [("first", "objective_form", "statement")] * 2),
    ("the same goal", [("goal", "goal_form", "title")] * 2),
    ("two objectives", [("first", "objective_form", "statement"), ("second", "objective_form", "statement")]),
]


def test_simultaneous_saves_both_complete_or_one_gets_the_conflict_form(site, founders):
    urls = site[1]["urls"]
    expected = {}  # field value each page should show now, from the save that stood
    for pair in range(PAIRS):
        kind, edits = KINDS[pair % len(KINDS)]
        saves = []
        for name, who, (page, form_id, field) in zip(("Fiona", "Gina"), founders, edits, strict=True):
            data = who.form(urls[page], form_id)
            if (page, field) in expected:
                assert data[field] == expected[page, field], f"pair {pair} ({kind}): the last save is lost"
            saves.append((who, urls[page], data | {field: f"{name} {pair}"}))

        results = save_together(saves)

        statuses = [status for status, _ in results]
        assert 503 not in statuses, f"pair {pair} ({kind}): {statuses}"
        if kind == "two objectives":
            assert statuses == [302, 302], f"pair {pair} ({kind}): {statuses}"
        else:
            assert sorted(statuses) == [200, 302], f"pair {pair} ({kind}): {statuses}"
            refused = statuses.index(200)
            assert CONFLICT in results[refused][1]
            page, form_id, field = edits[refused]
            # The refused founder's input is still in the form.
            assert form_fields(results[refused][1], form_id)[field] == saves[refused][2][field]
        for index, status in enumerate(statuses):
            if status == 302:
                page, _, field = edits[index]
                expected[page, field] = saves[index][2][field]
