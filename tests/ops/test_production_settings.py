"""Production settings (DJANGO_DEBUG=False) pass Django's deployment checklist and fail closed."""

import json
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.production import HOST, ROOT, held_port, manage, production_env, run_python, wait_until_serving

pytestmark = pytest.mark.integration


def test_it_passes_the_deployment_checklist_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=False."),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=False."),
    ],
)
def test_it_refuses_to_start_without(missing, message):
    result = manage("check", env=production_env(**{missing: None}))

    assert result.returncode != 0
    assert message in result.stderr


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected as a release does: hashed names, gzip copies, a manifest."""
    root = tmp_path_factory.mktemp("staticfiles")
    result = manage("collectstatic", "--noinput", "-v0", env=production_env(DJANGO_STATIC_ROOT=str(root)))
    assert result.returncode == 0, result.stderr
    return root


def get(url, headers=None):
    request = urllib.request.Request(url, headers={"Host": HOST, **(headers or {})})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_serves_the_site_as_production_would(tmp_path, production_static):
    with held_port() as listener:  # gunicorn gets a copy of the socket: it keeps the port
        env = production_env(
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            DJANGO_STATIC_ROOT=str(production_static),
            DJANGO_SECURE_PROXY_SSL_HEADER="True",
            GUNICORN_BIND=f"fd://{listener.fileno()}",
            GUNICORN_WORKERS="1",
        )
        assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
        assert manage("bootstrap_site", env=env).returncode == 0
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        server = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "strategy_site.wsgi", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            pass_fds=[listener.fileno()],
        )
    try:
        wait_until_serving(server, lambda: get(f"{base}/healthz"))
        status, _, health = get(f"{base}/healthz")
        # Over plain HTTP (a load balancer's probe) /healthz answers; pages redirect to HTTPS.
        assert (status, json.loads(health)) == (200, {"status": "ok", "database": "ok", "cache": "ok"})
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(urllib.request.Request(f"{base}/plans/", headers={"Host": HOST}))  # noqa: S310
        redirect.value.close()
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"] == f"https://{HOST}/plans/"

        status, headers, html = get(f"{base}/", {"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "2i2c" in html
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "upgrade-insecure-requests" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"

        # The stylesheet has a hashed name and may be cached for good.
        stylesheet = html.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css"
        https_gzip = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        status, headers, _ = get(f"{base}{stylesheet}", https_gzip)
        assert status == 200
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert headers["Content-Encoding"] == "gzip"

        status, _, html = get(f"{base}/no-such-page/", {"X-Forwarded-Proto": "https"})
        assert status == 404
        assert "Page not found" in html
        assert "Traceback" not in html and "DEBUG" not in html
    finally:
        server.terminate()
        output, logs = server.communicate(timeout=10)
    # Every log line, Django's and gunicorn's, is one JSON object on stderr; the access log has the
    # request's fields. Nothing is written to stdout.
    assert output == ""
    lines = [json.loads(line) for line in logs.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    home = [line for line in access if line["path"] == "/"]
    assert {"method": "GET", "path": "/", "status": "200"}.items() <= home[0].items()
    assert home[0]["duration_ms"] >= 0


LANGUAGE_SWITCH = f"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client(HTTP_HOST="{HOST}").post("/language/", {{"language": "es", "next": "/"}}, secure=True)
cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
print(json.dumps({{"status": response.status_code, "value": cookie.value, "secure": cookie["secure"],
                  "httponly": cookie["httponly"], "samesite": cookie["samesite"]}}))
"""


def test_the_language_cookie_is_secure_and_http_only_as_every_other_cookie():
    result = run_python(LANGUAGE_SWITCH, env=production_env(DJANGO_LOG_LEVEL="CRITICAL"))

    assert result.returncode == 0, result.stderr
    cookie = json.loads(result.stdout.splitlines()[-1])
    assert cookie == {"status": 302, "value": "es", "secure": True, "httponly": True, "samesite": "Lax"}
