"""Two app servers, one PostgreSQL, one Redis, on this machine: the deployment beyond one machine.

Run with `make multinode`. Starts redis-server and two gunicorn instances (app A and app B) on free
loopback ports, sharing the database and the cache, then checks that they are interchangeable:
a staff member logs in through A and edits a plan's title in the admin; B shows the new title and
accepts the same session (sessions live in the database, not in a process); both use the one Redis.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from harness import HTTPS, Gunicorn, free_port, get, manage, prepare, production_env


class AdminForm(HTMLParser):
    """The fields of the page's main form as a browser would submit them, unchanged."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


class Browser:
    """Just enough of a browser: cookies by hand (they are Secure; the proxy's TLS is simulated)."""

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None, referer=None):
        headers = {**HTTPS, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if referer:
            origin = urllib.parse.urlsplit(referer)
            headers.update(Referer=referer, Origin=f"https://{origin.netloc}")
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=10)  # noqa: S310
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, value = header.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.headers, response.read().decode()

    def submit(self, url, changes):
        status, _, html = self.request(url)
        form = AdminForm()
        form.feed(html)
        fields = [(name, changes.get(name, value)) for name, value in form.fields]
        return self.request(url, data=fields, referer=url.replace("http://", "https://"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is missing: run scripts/system-deps.sh")
    redis_port = free_port()
    redis_dir = tempfile.mkdtemp(prefix="strategy-redis-")
    redis = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            redis_dir,
        ],
        stdout=subprocess.DEVNULL,
    )
    env = production_env(REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
    password = secrets.token_urlsafe(16)
    servers = []
    try:
        prepare(env)
        manage(
            "createsuperuser",
            "--noinput",
            "--username",
            "editor",
            "--email",
            "editor@example.org",
            env={**env, "DJANGO_SUPERUSER_PASSWORD": password},
        )
        a = Gunicorn(env, port=free_port(), workers=2)
        servers.append(a)
        b = Gunicorn(env, port=free_port(), workers=2)
        servers.append(b)
        print(f"app A {a.base}, app B {b.base}, Redis 127.0.0.1:{redis_port}, {os.environ['DATABASE_URL']}")
        checks = {}

        status, health_a = get(a.base + "/healthz")
        status_b, health_b = get(b.base + "/healthz")
        checks["both healthy, database and cache"] = (status, status_b) == (
            200,
            200,
        ) and '"cache": "ok"' in health_b
        keys = subprocess.run(["redis-cli", "-p", str(redis_port), "--scan"], capture_output=True, text=True)  # noqa: S603, S607
        checks["both use the one Redis"] = ":healthz" in keys.stdout

        admin_url = os.environ.get("DJANGO_ADMIN_URL", "admin/")
        editor = Browser()
        status, _, _ = editor.submit(
            f"{a.base}/{admin_url}login/?next=/{admin_url}", {"username": "editor", "password": password}
        )
        checks["log in through A"] = status == 302
        status, _, html = editor.request(f"{b.base}/{admin_url}")
        checks["B accepts the session made on A"] = status == 200 and "editor" in html

        status, plan_html = get(a.base + "/plans/")
        plan_path = re.search(r'href="(/plans/[-\w]+/)"', plan_html).group(1)
        # The admin's plan list (the 2i2c plan is the only one); its change page is the plan's edit form.
        status, _, changelist = editor.request(f"{a.base}/{admin_url}goals/plan/")
        change_path = re.search(rf'href="(/{admin_url}goals/plan/\d+/change/)', changelist).group(1)
        new_title = f"Edited through A at {time.strftime('%H:%M:%S')}"
        status, _, _ = editor.submit(a.base + change_path, {"title": new_title})
        checks["edit the plan in A's admin"] = status == 302
        status, html = get(b.base + plan_path)
        checks["B shows the edit made through A"] = status == 200 and new_title in html
        status, html = get(b.base + "/")
        checks["B's home page too"] = new_title in html
    finally:
        for server in servers:
            server.stop()
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(redis_dir, ignore_errors=True)

    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    ok = all(checks.values()) and len(checks) == 7
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
