"""QuerySets compiled to SQL once per process, then run with new parameter values.

For the few small queries of a page, turning a QuerySet into SQL costs more than running it: on the
benchmark machine a one-row `values_list()` took 0.59 ms through the ORM and 0.17 ms as the same
SQL on a cursor. The plan page runs the same three queries on every cold render with only the plan
changing, so each is compiled once (per database alias) with a placeholder value; afterwards the
real value goes where the placeholder was and the SQL runs directly. The SQL is still written by
the ORM from QuerySet methods (so the database's dialect applies), and rows go through the ORM's
own converters (dates on SQLite, time zones), which depend on settings, not on the connection.

On PostgreSQL the statement is also prepared on the server, once per database session, so it is
not planned again on every run (planning was two thirds of the objectives query of a small plan).
SQLite's driver keeps prepared statements by itself. A transaction-mode connection pooler
(PgBouncer) cannot keep prepared statements: set STRATEGY_PREPARED_STATEMENTS=False behind one.
"""

import itertools
import re
import weakref

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_names = itertools.count(1)


class PreparedQuery:
    """`build(**placeholders)` returns a `values_list()` QuerySet; `rows(**values)` runs it.

    Each placeholder must be a value that appears unchanged among the compiled SQL parameters,
    exactly once (such as an unlikely slug or a negative id): compiling checks that.
    """

    def __init__(self, build, **placeholders):
        self._build = build
        self._placeholders = placeholders
        self._compiled = {}
        self._name = f"strategy_prepared_{next(_names)}"
        self._generation = 0
        # Database connections (psycopg2's own objects) that hold the prepared statement; an entry
        # leaves with its connection, so a new connection is never mistaken for an old one.
        self._prepared_on = weakref.WeakSet()

    def _compile(self, using):
        compiler = self._build(**self._placeholders).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = {}
        for name, marker in self._placeholders.items():
            positions = [
                i for i, param in enumerate(params) if type(param) is type(marker) and param == marker
            ]
            if len(positions) != 1:
                raise ValueError(
                    f"Placeholder {name}={marker!r} appears {len(positions)} times in {params!r}."
                )
            slots[name] = positions[0]
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        self._compiled[using] = compiled = (sql, tuple(params), slots, compiler, converters)
        return compiled

    def rows(self, using=DEFAULT_DB_ALIAS, **values):
        """A list of rows (lists when a converter ran, tuples otherwise)."""
        sql, params, slots, compiler, converters = self._compiled.get(using) or self._compile(using)
        params = list(params)
        for name, position in slots.items():
            params[position] = values[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and settings.STRATEGY_PREPARED_STATEMENTS:
                self._execute_prepared(connection, cursor, sql, params)
            else:
                cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        return rows

    def _execute_prepared(self, connection, cursor, sql, params):
        """EXECUTE the statement, sending its PREPARE along the first time in a database session."""
        session = connection.connection
        name = f"{self._name}_{self._generation}"
        execute = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
        if session not in self._prepared_on:
            execute = f"PREPARE {name} AS {_numbered_placeholders(sql)}; {execute}"
        try:
            cursor.execute(execute, params)
        except Exception:
            # Whether the PREPARE went through is unknown now: from here on, use a new name.
            self._generation += 1
            self._prepared_on = weakref.WeakSet()
            raise
        self._prepared_on.add(session)


def _numbered_placeholders(sql):
    """psycopg2's %s placeholders as PostgreSQL's $1, $2...; a literal %% stays for psycopg2."""
    numbers = itertools.count(1)
    return re.sub(r"%%|%s", lambda match: "%%" if match.group() == "%%" else f"${next(numbers)}", sql)
