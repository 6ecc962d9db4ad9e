"""Profile one public page with pyinstrument: `python bench/profile_page.py /plans/synthetic/`.

Uses the database in DATABASE_URL (make one with bench/run.py --keep or manage.py generate_plan).
Prints the SQL query count, the mean render time over --repeat renders, and the pyinstrument tree.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "False")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("STRATEGY_PAGE_CACHE", "False")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(args.path)
    assert response.status_code == 200, response.status_code
    start = time.perf_counter()
    for _ in range(args.repeat):
        client.get(args.path)
    mean_ms = (time.perf_counter() - start) / args.repeat * 1000
    print(f"{args.path}: {len(response.content)} bytes, {len(queries)} queries, {mean_ms:.1f} ms per render")
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            client.get(args.path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
