"""What the load, fault and multi-node scripts share: a production-mode site on loopback ports.

The database is DATABASE_URL (scripts/with-postgres.sh makes a throwaway PostgreSQL); every request
goes to 127.0.0.1 only.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))  # so that the scripts can set up Django in their own process
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy would add


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_PROXY_SSL_HEADER="True",
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="strategy_site.settings",
        DJANGO_STATIC_ROOT=str(Path(tempfile.gettempdir()) / "strategy-site-static"),
        GUNICORN_ACCESS_LOG="false",
    )
    env.update(extra)
    return env


def manage(*args, env):
    subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare(env):
    """Migrate, import the 2i2c plan, collect static files: a release, as the Procfile would do it."""
    manage("migrate", "--noinput", "-v0", env=env)
    manage("bootstrap_site", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)


def public_paths(env):
    code = (
        "import json\n"
        "from goals.models import Goal, Objective, Owner, Plan\n"
        "paths = ['/', '/plans/'] + [p.get_absolute_url() for p in Plan.objects.public()]\n"
        "paths += [g.get_absolute_url() for g in Goal.objects.public().select_related('plan')]\n"
        "paths += [o.get_absolute_url() for o in Objective.objects.public().select_related('goal__plan')]\n"
        "paths += [o.get_absolute_url() for o in Owner.objects.public()]\n"
        "print(json.dumps(paths))\n"
    )
    out = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


class Gunicorn:
    def __init__(self, env, port, workers=3, log=None):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(log or os.devnull, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "strategy_site.wsgi", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            try:
                if get(f"{self.base}/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn on port {port} did not become healthy")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def get(url, headers=None, timeout=10):
    """(status, body); never raises for an HTTP status, only for a connection failure."""
    request = urllib.request.Request(url, headers={**HTTPS, **(headers or {})})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(errors="replace")


def wrk(base, paths, seconds, connections=32, threads=2):
    """Run wrk against base, cycling through paths; return the RESULT line's figures as a dict."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run scripts/system-deps.sh")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    command += ["-H", "X-Forwarded-Proto: https", "-s", str(ROOT / "scripts" / "wrk-pages.lua"), base, "--"]
    return subprocess.Popen([*command, *paths], stdout=subprocess.PIPE, text=True)  # noqa: S603


def wrk_result(process):
    output = process.communicate()[0]
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return {key: float(value) for key, value in (pair.split("=") for pair in line.split()[1:])}
