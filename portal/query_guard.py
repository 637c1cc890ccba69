"""A time limit on the database work of an API search (`PORTAL_API_SEARCH_TIMEOUT_MS`).

A search's cost depends on what the client typed; the length cap (`portal.search_query`) bounds
the query, this bounds the statements it runs, so no request can hold a worker and the database
for minutes:

- PostgreSQL: ``SET LOCAL statement_timeout`` inside a transaction (a savepoint when the request
  is already in one), so the server cancels any statement running longer; the setting is put back
  before the block ends.
- SQLite: a progress handler on the connection that aborts the running statement once the
  deadline has passed (SQLite calls it every `SQLITE_PROGRESS_STEPS` virtual-machine steps).

Either way the block raises `QueryTimeout`, which the API answers with a 503 and a Chinese message
(`portal.api_errors.SearchTimedOut`).
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

SQLITE_PROGRESS_STEPS = 10_000
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (query_canceled).
POSTGRES_QUERY_CANCELED = "57014"


class QueryTimeout(Exception):
    pass


def search_timeout_ms():
    return settings.PORTAL_API_SEARCH_TIMEOUT_MS


@contextmanager
def time_limit(milliseconds=None, using=DEFAULT_DB_ALIAS):
    """Raise `QueryTimeout` from a statement of this block still running after `milliseconds`
    (default `PORTAL_API_SEARCH_TIMEOUT_MS`; 0 turns the limit off)."""
    milliseconds = search_timeout_ms() if milliseconds is None else milliseconds
    connection = connections[using]
    if not milliseconds:
        yield
    elif connection.vendor == "postgresql":
        with _postgres_limit(connection, using, milliseconds):
            yield
    elif connection.vendor == "sqlite":
        with _sqlite_limit(connection, milliseconds):
            yield
    else:
        yield


@contextmanager
def _postgres_limit(connection, using, milliseconds):
    try:
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [int(milliseconds)])
            yield
            with connection.cursor() as cursor:
                # Back to the session's value for the rest of an enclosing transaction.
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
    except OperationalError as error:
        cause = error.__cause__
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if code == POSTGRES_QUERY_CANCELED:
            raise QueryTimeout from error
        raise


@contextmanager
def _sqlite_limit(connection, milliseconds):
    connection.ensure_connection()
    deadline = time.monotonic() + milliseconds / 1000
    fired = False

    def abort_when_late():
        nonlocal fired
        fired = time.monotonic() > deadline
        return fired  # a true value makes SQLite interrupt the statement

    raw = connection.connection
    raw.set_progress_handler(abort_when_late, SQLITE_PROGRESS_STEPS)
    try:
        yield
    except OperationalError as error:
        if fired:
            raise QueryTimeout from error
        raise
    finally:
        raw.set_progress_handler(None, 0)
