"""Helpers for tests that run the site as production runs it: in a subprocess, from env vars."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "plan.example.org"


def production_env(**overrides):
    """The environment of a production process: no DJANGO_* leaking in from the developer's shell."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        DJANGO_SETTINGS_MODULE="strategy_site.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env, timeout=120, cwd=ROOT):
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_python(code, *, env, timeout=60, cwd=ROOT):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def held_port():
    """A socket bound to a loopback port that the system picks, not listening: connections to it are
    refused, and no other process can bind the port while the socket is open.

    Hand it to gunicorn as `fd://N` (with `pass_fds`) rather than probing a free port and closing
    it: between the probe and gunicorn's bind, seconds later, another pytest-xdist worker's server
    (an SMTP server, a live server, another gunicorn) could take the port.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def wait_until_serving(server, answers, *, seconds=60):
    """Wait for the `server` process until `answers()` is true, for up to `seconds` of the clock.

    A count of tries (100 of 0.1 s) ran out on a loaded 2-core machine while gunicorn was still
    importing Django; a deadline does not depend on how long each try takes, and a server that
    exits is reported at once, with its exit code.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited with code {server.returncode} before it answered")
        try:
            if answers():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not answer within {seconds} s")
