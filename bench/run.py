"""Benchmark the public pages against a static file and a constant Django view, in one run.

    python bench/run.py [--sizes 1,10,100] [--duration 5] [--rounds 3] [--connections 8]
                        [--db auto|sqlite|postgres] [--only search [--search-size 100]]

Makes a fresh database (PostgreSQL through scripts/with-postgres.sh when it is installed, else
SQLite), imports the 2i2c plan, generates synthetic plans, starts gunicorn on 127.0.0.1 with
production settings, loads each target with wrk for a fixed time after a warm-up, and prints a
table (also written to bench/results/latest.md). Not a test: nothing here asserts.

`--only search` runs the search case alone (PostgreSQL): a plan of --search-size times the unit
with a check-in per objective, the search page's queries as they were before migration 0016 (on
the schema of 0015) and as they are (after 0016), every round on both schemas, printed side by side
with their ratio; written to bench/results/search.md.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIG = (50, 20, 10)  # the "large plan": goals x objectives x evidence
UNIT = (5, 10, 4)  # 1x of the render-time curve; 10x and 100x multiply the goals


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, {system}"


def wrk(url, args, headers=()):
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "--timeout", "60s", "--latency"]
    for header in headers:
        cmd += ["-H", header]
    subprocess.run([*cmd, "-d1s", url], check=True, capture_output=True)  # warm-up, discarded
    out = subprocess.run(
        [*cmd, f"-d{args.duration}s", url], check=True, capture_output=True, text=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency_ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
        "p99": latency_ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def median_result(results):
    """Median of each figure over the rounds; errors are summed."""
    return {
        "rps": statistics.median(result["rps"] for result in results),
        "p50": statistics.median(result["p50"] for result in results),
        "p99": statistics.median(result["p99"] for result in results),
        "errors": sum(result["errors"] for result in results),
        "socket_errors": "; ".join(result["socket_errors"] for result in results if result["socket_errors"]),
    }


def latency_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mb(master_pid):
    peaks = []
    for pid in worker_pids(master_pid):
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks)


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
        return response.headers, response.read()


def render_times_ms(url, repeat):
    """Median wall time of sequential cold requests (cache bypassed): the time to render one page."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        get(url, {"X-Bench-Cold": "1"})
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@contextlib.contextmanager
def saving_once_a_second(env, seconds):
    """An editor at work: a separate process saves an objective once a second for `seconds`."""
    loop = (
        "import time\n"
        "from goals.models import Objective\n"
        "objective = Objective.objects.order_by('pk').first()\n"
        f"for _ in range({seconds}):\n"
        "    objective.save()\n"
        "    time.sleep(1)\n"
    )
    editor = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", loop], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    try:
        time.sleep(1)  # the shell is up and saving before the load starts
        yield
    finally:
        editor.kill()
        editor.wait()


def start_gunicorn(env, port, workers, threads=1):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "strategy_site.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            # One setting for every target (static file, constant view, plan page), so ratios compare
            # like with like (gunicorn.conf.py makes the workers gthread ones).
            "--threads",
            str(threads),
            # Steady state: gunicorn.conf.py recycles a worker every ~2,000 requests (a guard against
            # leaks), which under this load would restart each worker every few seconds.
            "--max-requests",
            "0",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            get(base + "/__bench__/constant/")
            if len(worker_pids(process.pid)) == workers:
                return process, base
        except OSError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,10,100", help="multiples of the unit plan for the render curve")
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds of load per target, after 1 s warm-up"
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of every target; the table shows medians")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="gunicorn workers (default 2 per CPU: one can render while another waits on the database)",
    )
    parser.add_argument("--worker-threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--db", choices=["auto", "sqlite", "postgres"], default="auto")
    parser.add_argument("--label", default="", help="a note written into the results, e.g. what changed")
    parser.add_argument("--output", default=None, help="default bench/results/latest.md (search.md)")
    parser.add_argument("--only", choices=["all", "search"], default="all", help="search: that case alone")
    parser.add_argument("--search-size", type=int, default=100, help="multiple of the unit plan searched")
    parser.add_argument("--search-repeat", type=int, default=7, help="requests per search target and round")
    args = parser.parse_args()
    default_output = "search.md" if args.only == "search" else "latest.md"
    args.output = args.output or str(ROOT / "bench" / "results" / default_output)
    args.load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (Debian package wrk).")
    has_postgres = any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    database_url = os.environ.get("DATABASE_URL", "")
    if args.only == "search" and args.db == "sqlite":
        raise SystemExit("The search case measures PostgreSQL's indexes: run it with --db postgres.")
    if (
        args.db != "sqlite"
        and not database_url.startswith("postgres")
        and (args.db == "postgres" or has_postgres)
    ):
        # Run again inside a throwaway PostgreSQL cluster; the script sets DATABASE_URL.
        os.execv(str(ROOT / "scripts" / "with-postgres.sh"), ["with-postgres.sh", PYTHON, *sys.argv])

    workdir = Path(tempfile.mkdtemp(prefix="strategy-bench-"))
    static_root, page_copies = workdir / "static", workdir / "pages"
    page_copies.mkdir()
    if not database_url.startswith("postgres"):
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "STRATEGY_BENCH": "1",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        # Database connections, cache and everything else as the README's production defaults.
        # No access log line per request (BENCH_ACCESS_LOG=1 turns it on, to see what was served).
        "GUNICORN_ACCESS_LOG": "true" if os.environ.get("BENCH_ACCESS_LOG") else "false",
        # Plain HTTP on loopback: production settings would redirect every request to HTTPS.
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": database_url,
        "STRATEGY_BENCH_STATIC_ROOT": str(static_root),
        "STRATEGY_BENCH_WHITENOISE_ROOT": str(page_copies),
    }
    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"Database: {backend} ({database_url.split('@')[-1]})", flush=True)

    if args.only == "search":
        report = search_case(args, env, backend, workdir)
        print(report)
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(report)
        print(f"Written to {os.path.relpath(args.output, ROOT)}")
        return

    sizes = [int(size) for size in args.sizes.split(",")]
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "bootstrap_site")
    big_slug = "bench-{}x{}x{}".format(*BIG)
    plans = {"2i2c": None, "{}x{}x{}".format(*BIG): big_slug}
    manage(
        env,
        "generate_plan",
        "--slug",
        big_slug,
        "--goals",
        str(BIG[0]),
        "--objectives",
        str(BIG[1]),
        "--evidence",
        str(BIG[2]),
        "--status",
        "archived",
    )
    for size in sizes:
        goals, objectives, evidence = UNIT[0] * size, UNIT[1], UNIT[2]
        plans[f"{size}x"] = f"bench-{size}x"
        manage(
            env,
            "generate_plan",
            "--slug",
            f"bench-{size}x",
            "--goals",
            str(goals),
            "--objectives",
            str(objectives),
            "--evidence",
            str(evidence),
            "--status",
            "archived",
            "--seed",
            str(size),
        )
    # Fresh tables have no planner statistics until autovacuum gets to them; a site that has been
    # up for a while has them, so gather them now (PostgreSQL and SQLite both know ANALYZE).
    manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
    seed_slug = (
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from goals.models import Plan; print(Plan.objects.active().get().slug)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    plans["2i2c"] = seed_slug
    urls = {name: f"/plans/{slug}/" for name, slug in plans.items()}

    out = subprocess.run(
        [PYTHON, "bench/pages.py", str(page_copies), *urls.values()],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # Only the pages' lines (logs go to stderr, but a stray print must not break the bench).
    pages = {page["url"]: page for page in map(json.loads, out.splitlines()) if "static_url" in page}

    port = free_port()
    gunicorn, base = start_gunicorn(env, port, args.workers, args.worker_threads)
    rows, curve = [], []
    try:
        # Every target once per round, in the same order; the table shows each one's median over
        # the rounds, so a burst of load from elsewhere on the machine moves one round, not the result.
        samples = {}
        for _ in range(args.rounds):
            samples.setdefault("constant", []).append(wrk(base + "/__bench__/constant/", args))
            for name in ("2i2c", "{}x{}x{}".format(*BIG)):
                page = pages[urls[name]]
                samples.setdefault((name, "static"), []).append(wrk(base + page["static_url"], args))
                # Each worker has its own LocMem cache: a hit shows that at least one is warm (wrk's
                # warm-up request warms the others).
                assert any(get(base + urls[name])[0]["X-Page-Cache"] == "hit" for _ in range(20))
                samples.setdefault((name, "warm"), []).append(wrk(base + urls[name], args))
                with saving_once_a_second(env, args.duration + 2):
                    samples.setdefault((name, "edits"), []).append(wrk(base + urls[name], args))
                samples.setdefault((name, "cold"), []).append(
                    wrk(base + urls[name], args, headers=["X-Bench-Cold: 1"])
                )
                samples.setdefault((name, "queries"), []).append(
                    wrk(base + f"/__bench__/queries/{plans[name]}/", args)
                )
        constant = median_result(samples["constant"])
        rows.append(("constant Django view", "", constant))
        for name in ("2i2c", "{}x{}x{}".format(*BIG)):
            page = pages[urls[name]]
            static, warm, edits, cold = (
                median_result(samples[name, kind]) for kind in ("static", "warm", "edits", "cold")
            )
            rows.append((f"{name}: static file, same size", name, static))
            rows.append((f"{name}: plan page, cache warm", name, warm | {"static": static["rps"]}))
            rows.append(
                (
                    f"{name}: plan page, an objective saved once a second",
                    name,
                    edits | {"static": static["rps"]},
                )
            )
            rows.append((f"{name}: plan page, cache cold", name, cold | {"static": static["rps"]}))
            rows[-2][2]["queries"] = page["queries_warm"]
            rows[-1][2]["queries"] = page["queries_cold"]
            rows[-3][2]["bytes"] = page["bytes"]
            queries_only = median_result(samples[name, "queries"])
            rows.append((f"{name}: the cold page's queries alone, no HTML", name, queries_only))
            rows[-1][2]["queries"] = 4
        for size in sizes:
            page = pages[urls[f"{size}x"]]
            curve.append((size, page, render_times_ms(base + urls[f"{size}x"], repeat=7)))
        first_pages = {
            name: render_times_ms(base + urls[name], repeat=15) for name in ("2i2c", "{}x{}x{}".format(*BIG))
        }
        rss = peak_rss_mb(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    report = format_report(args, backend, rows, constant, curve, rss, first_pages)
    print(report)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(report)
    print(f"Written to {os.path.relpath(args.output, ROOT)}")


# Words of the search case: a rare one (a goal's number: its title and its ten objectives) and a
# common one (one of generate_plan's 19 words: about a third of all rows).
SEARCHES = {"rare word": "137", "common word": "reliability", "phrase and -not": '"open data" -cloud'}
SEARCH_INDEX_SIZES = (
    "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c "
    "WHERE c.relkind = 'i' AND c.relname LIKE '%\\_search\\_%' ORDER BY 1"
)


def sql(env, statement):
    """Rows of one SQL statement, run through manage.py shell (as JSON)."""
    code = (
        "import json\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        f"    cursor.execute({statement!r})\n"
        "    print(json.dumps(cursor.fetchall() if cursor.description else []))\n"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def search_case(args, env, backend, workdir):
    """The search page's queries before migration 0016 and after, on one plan, in one run."""
    if backend != "PostgreSQL":
        raise SystemExit("The search case measures PostgreSQL's indexes: PostgreSQL is not installed.")
    goals, objectives, evidence = UNIT[0] * args.search_size, UNIT[1], UNIT[2]
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "bootstrap_site")
    slug = f"bench-{args.search_size}x"
    manage(
        env,
        *("generate_plan", "--slug", slug, "--goals", str(goals), "--objectives", str(objectives)),
        *("--evidence", str(evidence), "--status", "archived", "--seed", str(args.search_size)),
    )
    manage(
        env,
        "shell",
        "-c",
        "from goals.models import CheckIn, Objective\n"
        "CheckIn.objects.bulk_create(\n"
        "    CheckIn(objective=o, note=o.statement) for o in Objective.objects.all()\n"
        ")"
        "\n",
    )
    rows = sql(env, "SELECT (SELECT count(*) FROM goals_objective), (SELECT count(*) FROM goals_evidence)")[0]
    port = free_port()
    gunicorn, base = start_gunicorn(env, port, args.workers, args.worker_threads)
    samples, build_seconds = {}, []
    try:
        # One request at a time (a slow target would starve under wrk's load, and the machine is
        # shared): the median wall time of --search-repeat requests after one unmeasured.
        for _ in range(args.rounds):
            for schema, migration in (("before", "0015"), ("indexed", "0016")):
                start = time.perf_counter()
                manage(env, "migrate", "goals", migration, "--noinput")
                if schema == "indexed":
                    build_seconds.append(time.perf_counter() - start)
                sql(env, "ANALYZE")
                for name, words in SEARCHES.items():
                    url = f"{base}/__bench__/search/{schema}/?{urllib.parse.urlencode({'q': words})}"
                    get(url)
                    samples.setdefault((name, schema), []).append(render_times_ms(url, args.search_repeat))
            page = f"{base}/search/?{urllib.parse.urlencode({'q': SEARCHES['rare word']})}"
            samples.setdefault("page", []).append(render_times_ms(page, args.search_repeat))
            samples.setdefault("constant", []).append(render_times_ms(base + "/__bench__/constant/", 20))
        sizes = sql(env, SEARCH_INDEX_SIZES)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:  # a worker may still be answering the slow requests wrk left queued
            gunicorn.wait(timeout=120)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
            gunicorn.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    median = {key: statistics.median(values) for key, values in samples.items()}
    lines = [
        "# Search: before migration 0016 and after",
        "",
        f"- Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `python bench/run.py --only search "
        f"--search-size {args.search_size} --rounds {args.rounds} --search-repeat {args.search_repeat}`",
        f"- Machine: {machine()}; load average before the run {args.load_before}",
        f"- Python {platform.python_version()}, database {backend}; gunicorn {args.workers} workers "
        "(production settings); one request at a time, the median of "
        f"{args.search_repeat} per round, the median of {args.rounds} rounds; both schemas in every round",
        f"- Searched: every public row of a {goals} × {objectives} × {evidence} plan and the 2i2c plan "
        f"({rows[0]:,} objectives, {rows[1]:,} evidence items, a check-in per objective); the search "
        "page's five queries (plans, goals, objectives, evidence, check-ins), no HTML",
        "",
        "| Search | Before 0016, ms | After (indexed), ms | Before ÷ after |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, words in SEARCHES.items():
        before, indexed = median[name, "before"], median[name, "indexed"]
        lines.append(f"| {name} (`{words}`) | {before:.1f} | {indexed:.1f} | {before / indexed:.1f} |")
    lines += [
        "",
        f"The search page itself (rare word, HTML included, cache bypassed, indexed): "
        f"{median['page']:.1f} ms; "
        f"the constant view: {median['constant']:.1f} ms.",
        f"Building the 15 indexes (`migrate goals 0016`, the command's whole run): "
        f"{statistics.median(build_seconds):.1f} s. Their sizes:",
        "",
        "| Index | kB |",
        "| --- | ---: |",
        *(f"| {name} | {size / 1024:,.0f} |" for name, size in sizes),
        f"| all | {sum(size for _, size in sizes) / 1024:,.0f} |",
        "",
    ]
    return "\n".join(lines)


def format_report(args, backend, rows, constant, curve, rss, first_pages):
    from django import get_version

    lines = [
        "# Benchmark results",
        "",
        f"- Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `python bench/run.py --sizes {args.sizes}`",
        f"- Machine: {machine()}; load average before the run {args.load_before}",
        f"- Python {platform.python_version()}, Django {get_version()}, database {backend}",
        f"- gunicorn {args.workers} workers × {args.worker_threads} thread"
        f" (gthread, from gunicorn.conf.py; no worker recycling) on 127.0.0.1; wrk {args.threads} thread, "
        f"{args.connections} connections, {args.duration} s per target after a 1 s warm-up, "
        f"{args.rounds} rounds (medians shown)",
        *([f"- Note: {args.label}"] if args.label else []),
        "",
        "| Target | Requests/s | p50 ms | p99 ms | × static file | × constant view | SQL queries | Errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, _, result in rows:
        vs_static = f"{result['rps'] / result['static']:.2f}" if "static" in result else ""
        lines.append(
            f"| {label}{' (' + format(result['bytes'], ',') + ' bytes)' if 'bytes' in result else ''} "
            f"| {result['rps']:,.0f} | {result['p50']:.2f} | {result['p99']:.2f} | {vs_static} "
            f"| {result['rps'] / constant['rps']:.2f} | {result.get('queries', '')} "
            f"| {result['errors']}{' ' + result['socket_errors'] if result['socket_errors'] else ''} |"
        )
    lines += [
        "",
        f"Peak RSS of a gunicorn worker (VmHWM) after all targets: {rss:.0f} MB.",
        "",
        "## Time to render, by plan size (cache bypassed, one request at a time, median of 7)",
        "",
        "| Size | Goals × objectives × evidence | Page bytes | SQL queries | Render ms "
        "| ms per 100 objectives |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for size, page, ms in curve:
        objectives = UNIT[0] * size * UNIT[1]
        lines.append(
            f"| {size}x | {UNIT[0] * size} × {UNIT[1]} × {UNIT[2]} | {page['bytes']:,} "
            f"| {page['queries_cold']} | {ms:.1f} | {ms / objectives * 100:.1f} |"
        )
    lines += [
        "",
        "## A plan page's first page rendered, cache bypassed (one request at a time, median of 15)",
        "",
        "| Plan | Render ms (through gunicorn, production settings) |",
        "| --- | ---: |",
        *(f"| {name} | {ms:.1f} |" for name, ms in first_pages.items()),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
