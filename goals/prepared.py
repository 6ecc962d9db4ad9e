"""QuerySets compiled to SQL once per process, then run with new parameter values.

For the few small queries of a page, turning a QuerySet into SQL costs more than running it: on the
benchmark machine a one-row `values_list()` took 0.59 ms through the ORM and 0.17 ms as the same
SQL on a cursor. The plan page runs the same three queries on every cold render with only the plan
changing, so each is compiled once (per database alias) with a placeholder value; afterwards the
real value goes where the placeholder was and the SQL runs directly. The SQL is still written by
the ORM from QuerySet methods (so the database's dialect applies), and rows go through the ORM's
own converters (dates on SQLite, time zones). Every parameter other than the placeholders is
frozen at the first compile: never build a PreparedQuery on something that changes, like now().

On PostgreSQL (psycopg2) the statement is also prepared on the server, once per database session,
so it is not planned again on every run (planning was two thirds of the objectives query of a
small plan). SQLite's driver keeps prepared statements by itself. A transaction-mode connection
pooler (PgBouncer) cannot keep prepared statements: set STRATEGY_PREPARED_STATEMENTS=False there.
"""

import itertools
import re
import weakref

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

_statement_numbers = itertools.count(1)
MISSING_PREPARED_STATEMENT = "26000"  # PostgreSQL's invalid_sql_statement_name


class PreparedQuery:
    """`build(**placeholders)` returns a `values_list()` QuerySet; `rows(**values)` runs it.

    Each placeholder must be a value that appears unchanged among the compiled SQL parameters,
    exactly once (such as an unlikely slug or a negative id): compiling checks that.
    """

    def __init__(self, build, **placeholders):
        self._build = build
        self._placeholders = placeholders
        self._compiled = {}
        # psycopg2 connection -> name of this statement as prepared in that session. Each session
        # belongs to one thread at a time, and an entry leaves with its connection, so a new
        # connection is never mistaken for an old one.
        self._prepared_names = weakref.WeakKeyDictionary()

    def _compile(self, using):
        compiler = self._build(**self._placeholders).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = {}
        for name, marker in self._placeholders.items():
            positions = [
                i for i, value in enumerate(params) if type(value) is type(marker) and value == marker
            ]
            if len(positions) != 1:
                raise ValueError(
                    f"Placeholder {name}={marker!r} appears {len(positions)} times in {params!r}."
                )
            slots[name] = positions[0]
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = list(compiler.get_converters(columns).items())
        self._compiled[using] = compiled = (sql, tuple(params), slots, converters)
        return compiled

    def rows(self, using=DEFAULT_DB_ALIAS, **values):
        """A list of rows (lists when a converter ran, tuples otherwise)."""
        sql, params, slots, converters = self._compiled.get(using) or self._compile(using)
        params = list(params)
        for name, position in slots.items():
            params[position] = values[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            if self._prepares_on(connection):
                self._execute_prepared(connection, cursor, sql, params)
            else:
                cursor.execute(sql, params)
            rows = cursor.fetchall()
        return _converted(rows, converters, connection) if converters else rows

    @staticmethod
    def _prepares_on(connection):
        # psycopg2 only: psycopg 3 binds parameters on the server, where two statements in one
        # execute() are refused (and it prepares repeated statements by itself).
        return (
            connection.vendor == "postgresql"
            and connection.Database.__name__ == "psycopg2"
            and settings.STRATEGY_PREPARED_STATEMENTS
        )

    def _execute_prepared(self, connection, cursor, sql, params):
        """EXECUTE the statement, sending its PREPARE along the first time in a database session."""
        session = connection.connection
        name = self._prepared_names.get(session)
        if name is not None:
            try:
                cursor.execute(_execute_sql(name, params), params)
                return
            except DatabaseError as error:
                self._prepared_names.pop(session, None)
                # Gone from the session (a DISCARD ALL, a pooler's hand-over): prepare it again,
                # unless the error aborted a transaction, where nothing more can run.
                if getattr(error.__cause__, "pgcode", None) != MISSING_PREPARED_STATEMENT:
                    raise
                if connection.in_atomic_block:
                    raise
        # A new name each time: if a PREPARE went through before an error, it is never reused.
        name = f"strategy_prepared_{next(_statement_numbers)}"
        cursor.execute(
            f"PREPARE {name} AS {_numbered_placeholders(sql)}; {_execute_sql(name, params)}", params
        )
        self._prepared_names[session] = name


def _execute_sql(name, params):
    return f"EXECUTE {name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"


def _numbered_placeholders(sql):
    """psycopg2's %s placeholders as PostgreSQL's $1, $2...; a literal %% stays for psycopg2."""
    numbers = itertools.count(1)
    return re.sub(r"%%|%s", lambda match: "%%" if match.group() == "%%" else f"${next(numbers)}", sql)


def _converted(rows, converters, connection):
    """The ORM's converters over the rows (SQLCompiler.apply_converters, with this thread's connection)."""
    converted = []
    for row in map(list, rows):
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        converted.append(row)
    return converted
