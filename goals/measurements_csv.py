"""Measurements in bulk, from a CSV file: read it, show what would change, record all or nothing.

The file has a header row naming its columns, in any order and any case: `objective`, `date`,
`value` and, optionally, `note`.

- `objective`: the objective's slugs, `plan/goal/objective`, or its public address as a browser
  shows it (`https://…/plans/<plan>/goals/<goal>/objectives/<objective>/`, or just the path).
- `date`: the day the value was true, `YYYY-MM-DD`.
- `value`: a number with a point for decimals and no thousands separator (`1200`, `2.5`, `-3`).

Commas or semicolons between cells (a spreadsheet in a language that writes decimal commas
saves with semicolons), UTF-8 with or without the byte order mark that Excel writes. Every
problem is reported with its line, all at once. Each row is recorded through record_check_in, as a
public (or internal) measurement by the person who uploads it; a row already recorded from an
earlier upload (same objective, date, value and note) is not recorded twice.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from goals.check_ins import record_check_in
from goals.models import Objective

MAX_BYTES = 1_000_000
# Each row is one record_check_in (about 15 ms on SQLite): 500 rows stay well inside a request.
MAX_ROWS = 500
REQUIRED = ("objective", "date", "value")
OPTIONAL = ("note",)
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PUBLIC_PATH = re.compile(r"^/plans/([^/]+)/goals/([^/]+)/objectives/([^/]+)/?$")


class MeasurementFileError(Exception):
    """What is wrong with a file, one sentence per problem, each naming its line."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Row:
    line: int
    objective: Objective
    happened_on: date
    value: Decimal
    note: str

    @property
    def client_key(self):
        # The same measurement uploaded again is the same check-in (record_check_in stores it once).
        text = f"{self.happened_on.isoformat()}|{self.value.normalize():f}|{self.note}"
        return "csv-" + hashlib.sha256(text.encode()).hexdigest()[:40]


@dataclass
class Change:
    row: Row
    progress_before: int
    progress_after: int
    recorded: bool  # False: recorded by an earlier upload, nothing changes

    @property
    def objective(self):
        return self.row.objective


def decode(data):
    """The text of an uploaded file (bytes), or MeasurementFileError."""
    if len(data) > MAX_BYTES:
        raise MeasurementFileError(
            [_("The file is larger than %(size)s MB: split it.") % {"size": MAX_BYTES // 1_000_000}]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MeasurementFileError(
            [_("The file is not UTF-8 text: save it as “CSV UTF-8” (Excel) or “Text CSV” in UTF-8.")]
        ) from None


def objective_path(text):
    """(plan, goal, objective) slugs from `plan/goal/objective` or a public address, or None."""
    text = text.strip()
    if "://" in text:
        text = urlsplit(text).path
    match = PUBLIC_PATH.match(text)
    if match:
        return match.groups()
    parts = text.strip("/").split("/")
    if len(parts) == 3 and all(parts):
        return tuple(parts)
    return None


def read_rows(text):
    """The rows of a measurements file, or MeasurementFileError listing every problem."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise MeasurementFileError([_("The file is empty: it needs a header row (objective, date, value).")])
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    _check_header(header)
    cells = []
    for record in reader:
        if any(cell.strip() for cell in record):
            cells.append((reader.line_num, dict(zip(header, record, strict=False)), record))
    if not cells:
        raise MeasurementFileError([_("The file has no measurements below its header.")])
    if len(cells) > MAX_ROWS:
        count = number_format(MAX_ROWS, force_grouping=True)
        raise MeasurementFileError(
            [_("The file has more than %(count)s measurements: split it.") % {"count": count}]
        )

    objectives = _objectives({objective_path(values.get("objective", "")) for _, values, _ in cells})
    rows, problems = [], []
    for line, values, record in cells:
        row_problems = []
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            row_problems.append(
                _at(
                    line,
                    _("%(cells)s cells, but the header names %(names)s")
                    % {"cells": len(record), "names": len(header)},
                )
            )
        named = values.get("objective", "").strip()
        path = objective_path(named)
        objective = objectives.get(path)
        if not named:
            row_problems.append(_at(line, _("no objective")))
        elif path is None:
            row_problems.append(
                _at(
                    line,
                    _("'%(text)s' is not an objective: write plan/goal/objective slugs or its address")
                    % {"text": named},
                )
            )
        elif objective is None:
            row_problems.append(_at(line, _("no objective '%(path)s'") % {"path": "/".join(path)}))
        elif not hasattr(objective, "key_result"):
            row_problems.append(
                _at(line, _("'%(path)s' has no key result to measure") % {"path": "/".join(path)})
            )
        raw_date = values.get("date", "").strip()
        happened_on = _day(raw_date)
        if happened_on is None:
            row_problems.append(
                _at(
                    line,
                    _("'%(text)s' is not a date: write YYYY-MM-DD, e.g. 2026-11-14") % {"text": raw_date},
                )
            )
        raw_value = values.get("value", "").strip()
        if not NUMBER.match(raw_value):
            message = (
                _("'%(text)s' is not a number (write 1234.5: a point for decimals, no thousands separator)")
                if "," in raw_value
                else _("'%(text)s' is not a number")
            )
            row_problems.append(_at(line, message % {"text": raw_value}))
        if row_problems:
            problems.extend(row_problems)
            continue
        rows.append(Row(line, objective, happened_on, Decimal(raw_value), values.get("note", "").strip()))
    if problems:
        raise MeasurementFileError(problems)
    return rows


def _check_header(header):
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if missing:
        problems.append(
            _at(
                1,
                _(
                    "the header must name the columns objective, date and value (and optionally note); "
                    "missing: %(names)s"
                )
                % {"names": ", ".join(missing)},
            )
        )
    if unknown:
        problems.append(
            _at(1, _("unknown column %(names)s") % {"names": ", ".join(repr(name) for name in unknown)})
        )
    if repeated:
        problems.append(
            _at(1, _("column %(names)s named twice") % {"names": ", ".join(repr(name) for name in repeated)})
        )
    if problems:
        raise MeasurementFileError(problems)


def _at(line, message):
    """A problem on a line of the file: "line 3: …"."""
    return _("line %(line)s: %(message)s") % {"line": line, "message": message}


def _day(text):
    if not DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _objectives(paths):
    """{(plan, goal, objective) slugs: Objective} for the given paths, drafts included."""
    paths = {path for path in paths if path}
    plans = {plan for plan, _, _ in paths}
    objectives = Objective.objects.filter(goal__plan__slug__in=plans).select_related(
        "goal__plan", "key_result"
    )
    found = {(o.goal.plan.slug, o.goal.slug, o.slug): o for o in objectives}
    return {path: found[path] for path in paths if path in found}


def record_measurements(rows, *, author, visibility, dry_run=False):
    """Record every row, or none: [Change]. With `dry_run`, everything is worked out by the same
    code and rolled back, so the preview shows exactly what recording would do."""
    progress = Objective.objects.values_list("progress", flat=True)
    changes, problems = [], []
    with transaction.atomic():
        for row in rows:
            before = progress.get(pk=row.objective.pk)
            try:
                _, created = record_check_in(
                    row.objective,
                    author=author,
                    happened_on=row.happened_on,
                    value=row.value,
                    note=row.note,
                    visibility=visibility,
                    client_key=row.client_key,
                )
            except ValidationError as error:
                problems.extend(_at(row.line, message) for message in error.messages)
                continue
            changes.append(Change(row, before, progress.get(pk=row.objective.pk), created))
        if problems:
            raise MeasurementFileError(problems)  # leaving the block rolls every row back
        if dry_run:
            transaction.set_rollback(True)
    return changes
