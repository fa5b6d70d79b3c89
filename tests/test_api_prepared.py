"""Prepared statements for the queries every poll runs (api.prepared)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from api.prepared import execute_prepared

pytestmark = pytest.mark.django_db

SQL = "SELECT %s::int + 1, '%%', %s::text"


def run(sql=SQL, params=(41, "%s")):
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)
        return cursor.fetchall()


def test_a_query_is_prepared_once_per_connection_and_run_in_one_statement():
    with CaptureQueriesContext(connection) as queries:
        assert run() == [(42, "%", "%s")]
        assert run(params=(1, "x")) == [(2, "%", "x")]
    first, second = (query["sql"] for query in queries.captured_queries)
    assert first.startswith("PREPARE regio_") and "; EXECUTE regio_" in first
    assert second.startswith("EXECUTE regio_") and "PREPARE" not in second


def test_a_statement_that_failed_is_prepared_again_under_a_new_name():
    sql = "SELECT 10 / %s::int"
    with pytest.raises(DatabaseError), transaction.atomic():
        run(sql, (0,))  # prepared, then division by zero
    assert run(sql, (5,)) == [(2,)]
    assert run(sql, (2,)) == [(5,)]
