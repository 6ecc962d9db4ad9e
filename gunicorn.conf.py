"""Gunicorn settings for every deployment, tuned by environment variables (see the README).

Run with `gunicorn strategy_site.wsgi --config gunicorn.conf.py` (the Procfile and the Dockerfile do).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Pages are short database reads: a few processes per core, each with a few threads for the
# moments spent waiting on PostgreSQL or Redis.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# Import the app before forking: a misconfiguration (no secret key, no hosts) stops the master at
# once instead of crash-looping workers, and the workers share the imported code's memory.
preload_app = True
# /dev/shm is memory; the default temp dir may be a slow overlay filesystem in a container.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Proxies allowed to set X-Forwarded-* (gunicorn's default is only 127.0.0.1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs: JSON lines on stderr like Django's own (strategy_site/logging_json.py), all through
# logconfig_dict below. accesslog="-" would mean stdout to gunicorn, so it stays unset: with a logging
# config gunicorn always calls the access logger, and that logger's level is the switch.
access_log_on = os.environ.get("GUNICORN_ACCESS_LOG", "true").lower() in ("1", "true", "yes")
accesslog = None
errorlog = "-"  # stderr
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "strategy_site.logging_json.JSONFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"},
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO" if access_log_on else "WARNING",
            "handlers": ["stderr"],
            "propagate": False,
        },
    },
}

# Gunicorn's control socket lives at one fixed path per user: two instances on one machine would
# fight over it, and nothing here uses it.
control_socket_disable = True


def pre_fork(server, worker):
    # Move everything the preloaded app made into the permanent generation before forking: the
    # workers' garbage collections then never walk (and copy-on-write) those objects, which keeps
    # memory shared and cuts the pauses a full collection causes under load (Python's gc.freeze docs).
    gc.freeze()
