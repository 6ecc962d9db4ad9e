"""Settings for the benchmark: production settings plus the bench URLs and a bench static folder.

Only bench/run.py uses this module (DJANGO_SETTINGS_MODULE=bench.settings); production never does.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from strategy_site.settings import *  # noqa: F403
from strategy_site.settings import env

if os.environ.get("STRATEGY_BENCH") != "1":
    raise ImproperlyConfigured("bench.settings is for bench/run.py only (set STRATEGY_BENCH=1).")

ROOT_URLCONF = "bench.urls"
# collectstatic output and the static copy of the plan page live in the bench's temp folder.
STATIC_ROOT = env.path("STRATEGY_BENCH_STATIC_ROOT")
WHITENOISE_ROOT = env.path("STRATEGY_BENCH_WHITENOISE_ROOT")
# Lets the bench measure a cold render through the same gunicorn: a request with this header
# skips the page cache. Production leaves it unset, so nobody outside can force renders.
STRATEGY_PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_COLD"
