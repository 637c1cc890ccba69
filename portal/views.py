from django.db import connection
from django.http import HttpResponse


def healthz(request):
    """Liveness and database reachability, for load balancers and `make bench` start-up."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
