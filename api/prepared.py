"""Prepared statements for the queries every poll runs.

A conditional list request is answered from one query (:func:`agreements.api.representation
.fingerprint`) whose plan, with the caller's scope in subqueries, costs PostgreSQL more to make
than to run. :func:`execute_prepared` prepares such a query once per database connection
(``PREPARE``) and runs it with the request's parameters (``EXECUTE``), so after a few runs
PostgreSQL reuses a generic plan instead of planning on every request.

Both go in one round trip and through Django's cursor (query logging and execute wrappers see
them as one query). Django leaves psycopg's own prepared statements off so that transaction
poolers (PgBouncer in transaction mode) keep working; this module must be left alone behind
such a pooler too, as the platform's connections go straight to PostgreSQL (docker-compose.yml).
A prepared statement lives as long as its connection: a new connection prepares again.
"""

import re
import weakref

from django.db import connection

PLACEHOLDER = re.compile(r"%%|%s")  # a placeholder, or an escaped % (kept: EXECUTE formats it)
# At most this many statements per connection (a list's page number is part of its SQL); a
# query beyond them runs unprepared.
MAX_STATEMENTS = 64


class Statements:
    """The statements prepared on one connection: name by SQL, and how many names were used."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.used = 0


# Per psycopg connection (a new connection prepares again).
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def execute_prepared(cursor, sql: str, params) -> None:
    """Run ``sql`` (Django's, with ``%s`` placeholders) with ``params`` on ``cursor`` (of the
    default connection) as a prepared statement; fetch its rows from ``cursor`` afterwards."""
    params = tuple(params)
    statements = _prepared.setdefault(connection.connection, Statements())
    name = statements.names.get(sql)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    if name is not None:
        statement = f"EXECUTE {name}{arguments}"
    elif statements.used >= MAX_STATEMENTS:
        cursor.execute(sql, params)
        return
    else:
        # A name never used on this connection before, so that a statement whose preparing
        # failed half-way (prepared, not run) is never named again.
        statements.used += 1
        name = f"regio_{statements.used}"
        counter = iter(range(1, len(params) + 1))
        body = PLACEHOLDER.sub(
            lambda match: match[0] if match[0] == "%%" else f"${next(counter)}", sql
        )
        statement = f"PREPARE {name} AS {body}; EXECUTE {name}{arguments}"
    try:
        cursor.execute(statement, params)
    except Exception:
        statements.names.pop(sql, None)
        raise
    statements.names[sql] = name
    while cursor.nextset():  # to the result of EXECUTE, the last statement
        pass
