from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func):
    """Run `func()` and return (its result, the number of SQL queries it made)."""
    with CaptureQueriesContext(connection) as context:
        result = func()
    return result, len(context.captured_queries)
