"""In-process half of the benchmark: render each page once, count its SQL queries, save a static copy.

Run by bench/run.py with the bench environment; prints one JSON object per page on stdout.
Usage: python bench/pages.py STATIC_DIR URL [URL ...]
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def count_queries(client, url, headers=None):
    from django.db import connection

    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response, len(queries)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    static_dir = Path(sys.argv[1])
    client = Client()
    for url in sys.argv[2:]:
        cache.clear()
        response, cold = count_queries(client, url, {"X-Bench-Cold": "1"})
        _, miss = count_queries(client, url)
        hit_response, warm = count_queries(client, url)
        assert hit_response["X-Page-Cache"] == "hit", url
        name = "page-" + (url.strip("/").replace("/", "-") or "home") + ".html"
        (static_dir / name).write_bytes(response.content)
        print(
            json.dumps(
                {
                    "url": url,
                    "bytes": len(response.content),
                    "queries_cold": cold,
                    "queries_miss": miss,
                    "queries_warm": warm,
                    "static_url": "/" + name,
                }
            )
        )


if __name__ == "__main__":
    main()
