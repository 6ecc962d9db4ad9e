"""One JSON object per log line, for log collectors that read stderr.

Twenty lines of our own instead of python-json-logger: the standard library already does the hard
parts (json.dumps escapes, Formatter.formatException), and one fewer dependency is one fewer thing
to pin and audit.
"""

import json
import logging
import time

# Attributes every LogRecord has; anything else was passed in `extra=` and is worth keeping.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request", "server_time"}

# Gunicorn passes an access log line's parts as a dict of "atoms"; keep the useful ones as fields.
_ACCESS_FIELDS = {"h": "remote", "m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms"}


class JSONFormatter(logging.Formatter):
    converter = time.gmtime

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update({name: record.args.get(atom) for atom, name in _ACCESS_FIELDS.items()})
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
