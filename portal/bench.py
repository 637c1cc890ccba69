"""Benchmark helpers, active only under `portal.settings.bench`."""

from django.db import connection
from django.http import HttpResponse


class QueryCountMiddleware:
    """Adds `X-Query-Count`: the SQL queries a request ran, read once per page by `make bench`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


def ceiling(request):
    """The minimal Django view: the throughput every page is compared with."""
    return HttpResponse("ok", content_type="text/plain")
