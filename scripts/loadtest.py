"""Load test: wrk on the public pages for 60 s while an editor saves changes; zero errors allowed.

Run with `make loadtest` (a throwaway PostgreSQL, gunicorn in production mode on a free loopback
port). The editor does what a staff member does in the admin, through the ORM in this process:
change an objective's status and add a piece of evidence, each in its own transaction, with history.
Afterwards every edit must be in the database and on the public objective page.
"""

import os
import sys
import threading
import time

from harness import Gunicorn, free_port, get, prepare, production_env, public_paths, wrk, wrk_result

SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "32"))


def editor(stop, edits):
    from django.db import transaction

    from goals.models import Evidence, Objective

    objectives = list(Objective.objects.public().select_related("goal__plan").order_by("pk"))
    statuses = [Objective.Status.ON_TRACK, Objective.Status.AT_RISK, Objective.Status.OFF_TRACK]
    n = 0
    while not stop.is_set():
        objective = objectives[n % len(objectives)]
        title = f"Load-test evidence #{n:05d}"
        with transaction.atomic():
            locked = Objective.objects.select_for_update().get(pk=objective.pk)
            locked.status = statuses[n % len(statuses)]
            locked.full_clean()
            locked.save()
            evidence = Evidence(objective=locked, title=title, summary=f"Edit {n} during the load test.")
            evidence.full_clean()
            evidence.save()
        edits.append((objective.pk, objective.get_absolute_url(), title, locked.status))
        n += 1
        time.sleep(0.05)


def main():
    env = production_env()
    prepare(env)
    os.environ.update(env)
    import django

    django.setup()
    from goals.models import Evidence, Objective

    paths = public_paths(env)
    server = Gunicorn(env, port=free_port())
    print(f"gunicorn on {server.base}; {len(paths)} public pages; wrk {CONNECTIONS} connections, {SECONDS} s")
    stop, edits = threading.Event(), []
    thread = threading.Thread(target=editor, args=(stop, edits))
    try:
        load = wrk(server.base, paths, SECONDS, connections=CONNECTIONS)
        thread.start()
        result = wrk_result(load)
        stop.set()
        thread.join()

        missing_in_db = [e for e in edits if not Evidence.objects.filter(title=e[2]).exists()]
        last_status = {pk: status for pk, _, _, status in edits}
        wrong_status = [
            pk for pk, status in last_status.items() if Objective.objects.get(pk=pk).status != status
        ]
        pages = {url: get(server.base + url)[1] for url in {url for _, url, _, _ in edits}}
        missing_on_page = [title for _, url, title, _ in edits if title not in pages[url]]
    finally:
        stop.set()
        server.stop()

    errors = result["server_error"] + result["other"] + result["unavailable"]
    errors += result["connect_errors"] + result["read_errors"] + result["write_errors"] + result["timeouts"]
    print(
        f"requests: {result['requests']:.0f} in {result['seconds']:.1f} s "
        f"({result['requests'] / result['seconds']:.0f}/s); 200: {result['ok']:.0f}; errors: {errors:.0f}\n"
        f"latency: p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
        f"max {result['max_ms']:.1f} ms\n"
        f"edits: {len(edits)}; missing in database: {len(missing_in_db)}; wrong final status: "
        f"{len(wrong_status)}; missing on public pages: {len(missing_on_page)}"
    )
    ok = errors == 0 and edits and not (missing_in_db or wrong_status or missing_on_page)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
