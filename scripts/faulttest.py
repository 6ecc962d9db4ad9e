"""Database fault test: stop PostgreSQL under load, start it again, and watch what visitors get.

Run with `make faulttest`. wrk loads the public pages for 40 s; a prober asks for the home page and
/healthz ten times a second. PostgreSQL is stopped at 10 s and started at 20 s. Expected: 200 before,
503 (the plain page, never a 500 or a dropped connection) while it is down, 200 again soon after it
is back, with the same gunicorn processes (connections are health-checked before reuse).
"""

import os
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

from harness import Gunicorn, free_port, get, prepare, production_env, public_paths, wrk, wrk_result

SECONDS, STOP_AT, START_AT = 40, 10, 20


def postgres(action):
    """Stop or start the cluster scripts/with-postgres.sh made (it exports PGDATA_DIR and PG_BIN)."""
    data, pg_bin = os.environ["PGDATA_DIR"], os.environ["PG_BIN"]
    url = urlparse(os.environ["DATABASE_URL"])
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    command = [*as_pg, f"{pg_bin}/pg_ctl", "-D", data, "-w", "-l", f"{data}/../server.log", action]
    if action == "stop":
        command += ["-m", "fast"]
    else:
        options = f"-p {url.port} -k {os.path.dirname(data)} -c listen_addresses=127.0.0.1 -c fsync=off"
        command += ["-o", options]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def prober(base, t0, stop, samples):
    while not stop.is_set():
        for path in ("/", "/healthz"):
            sent = time.monotonic() - t0
            try:
                status, body = get(base + path, timeout=5)
                problem = "Traceback" in body
            except OSError as error:
                status, problem = f"connection error: {error.__class__.__name__}", True
            samples.append((sent, path, status, problem))
        time.sleep(0.1)


def main():
    if "PGDATA_DIR" not in os.environ:
        sys.exit("Run through scripts/with-postgres.sh (make faulttest): it needs a cluster it may stop.")
    env = production_env()
    prepare(env)
    server = Gunicorn(env, port=free_port(), log=os.environ.get("FAULTTEST_LOG"))
    pids_before = server.process.pid
    print(f"gunicorn on {server.base}; PostgreSQL stopped at {STOP_AT} s and started at {START_AT} s")
    stop, samples = threading.Event(), []
    try:
        load = wrk(server.base, public_paths(env), SECONDS)
        t0 = time.monotonic()
        probe = threading.Thread(target=prober, args=(server.base, t0, stop, samples))
        probe.start()
        time.sleep(STOP_AT)
        postgres("stop")
        stopped = time.monotonic() - t0
        time.sleep(START_AT - STOP_AT)
        starting = time.monotonic() - t0
        postgres("start")
        started = time.monotonic() - t0
        result = wrk_result(load)
        stop.set()
        probe.join()
        restarted = server.process.poll() is not None or server.process.pid != pids_before
    finally:
        stop.set()
        server.stop()

    before = [s for s in samples if s[0] < stopped - 0.5]
    down = [s for s in samples if stopped < s[0] < starting]
    after = [s for s in samples if s[0] > started]
    recovered_at = next((s[0] for s in after if s[2] == 200 and s[1] == "/"), None)
    recovery = None if recovered_at is None else max(0.0, recovered_at - started)
    bad = [s for s in samples if s[3] or s[2] not in (200, 503)]
    dropped = result["connect_errors"] + result["read_errors"] + result["write_errors"] + result["timeouts"]
    recovered = "never" if recovery is None else f"{recovery:.2f} s"
    print(
        f"wrk: {result['requests']:.0f} requests; 200: {result['ok']:.0f}; 503: {result['unavailable']:.0f}; "
        f"500: {result['server_error']:.0f}; other: {result['other']:.0f}; connection errors: "
        f"{dropped:.0f}\n"
        f"probes: before {sorted({s[2] for s in before})}, while down {sorted({str(s[2]) for s in down})}, "
        f"after {len(after)} probes; bad responses (500, stack trace, dropped): {len(bad)}\n"
        f"PostgreSQL down from {stopped:.1f} s to {starting:.1f} s (ready at {started:.1f} s); "
        f"home page 200 again {recovered} after PostgreSQL was ready, "
        f"without restarting gunicorn"
    )
    errors = result["server_error"] + result["other"] + dropped
    ok = (
        not bad
        and errors == 0
        and {s[2] for s in before} == {200}
        and {s[2] for s in down} == {503}
        and recovery is not None
        and recovery < 5
        and all(s[2] == 200 for s in after if s[0] > recovered_at + 1)
        and not restarted
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
