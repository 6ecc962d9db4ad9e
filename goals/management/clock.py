"""`--every SECONDS`: the commands that platforms without cron keep running (the Procfile's `clock`
and `github` processes) share one loop."""

import logging
import time

from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

SHORTEST_SECONDS = 60


def add_every_argument(parser, help):
    parser.add_argument("--every", type=int, metavar="SECONDS", help=help)


def check_every(every):
    if every is not None and every < SHORTEST_SECONDS:
        raise CommandError(_("--every takes at least 60 seconds."))


def run_every(seconds, run, name):
    """Call `run()` every `seconds`, for ever."""
    while True:
        try:
            run()
        except Exception:  # a bad run must not stop the clock; the next one retries
            log.exception("%s run failed", name)
        close_old_connections()  # a long-lived process must not keep a dead connection
        time.sleep(seconds)
