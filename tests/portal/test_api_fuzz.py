"""A schema-driven fuzz run of /api/v2/ (issue 15): no request an app can make is a server error.

Schemathesis reads the OpenAPI document the portal serves and sends each operation requests
generated from it, valid ones and invalid ones, to the WSGI application in-process (so it sees
the test database). Every response must be a non-5xx that the document describes (status, content
type, body). Bounded for CI: a few examples per operation and mode, derandomized (the same cases on
every run), no deadline; the anonymous throttle is off so that the run is not flaky.
"""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, close_old_connections, transaction
from django.test import override_settings
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.portal.api_support import UNTHROTTLED, build_api_data

EXAMPLES_PER_MODE = 6
# The whole run must stay well inside the CI budget of this test (90 s on two cores).
TIME_BUDGET_SECONDS = 75
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _routes_to_the_api(path):
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in ("api-index", "api-schema") or bool(
        {"wagtailapi", "apiauth", "memberapi"} & set(match.namespaces)
    )


def fuzz_operation(operation, mode, failures, headers=None):
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        try:
            with transaction.atomic():
                response = case.call(headers=headers)
        except DatabaseError:
            # A request whose query failed (a 500, reported below) leaves PostgreSQL's transaction
            # aborted; rolled back to the savepoint, the next request starts clean, as it would
            # in its own transaction in production.
            pass
        # A path parameter that is not an id (negative cases) matches no API URL: the site's
        # HTML 404 answers, which must still not be a server error.
        routed = _routes_to_the_api(case.formatted_path)
        try:
            case.validate_response(response, checks=CHECKS if routed else [not_a_server_error])
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collected, reported
            problems = getattr(error, "exceptions", [error])
            query = {name: repr(value)[:40] for name, value in (case.query or {}).items()}
            failures.extend(
                f"{case.method} {case.formatted_path} -> {response.status_code} "
                f"{type(problem).__name__}; query {query}"
                for problem in problems
            )

    try:
        run()
    except Unsatisfiable:
        # No invalid request exists for an operation without parameters (the index).
        assert mode == GenerationMode.NEGATIVE and not operation.query


def member_token():
    """A signed-in enterprise, as an app holds it after POST /api/v2/auth/token/."""
    from wagtail.models import APIToken

    from marketplace.members.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(user__username="fuzz-member")
    _api_token, plaintext = APIToken.create_token(user=enterprise.user, name="fuzz")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def connection_kept_open():
    """The WSGI application closes the database connection after each request (Django's test
    client prevents it the same way): here it would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_open")
def test_no_generated_request_is_a_server_error_or_off_the_schema(home_page):
    build_api_data(home_page)
    token = member_token()
    started = time.monotonic()
    with override_settings(**UNTHROTTLED):
        schema = schemathesis.openapi.from_wsgi("/api/v2/schema/", get_wsgi_application())
        failures = []
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == sum(len(item) for item in schema.raw_schema["paths"].values())
        for operation in operations:
            # The member API with a real member's token, so requests get past the login; the
            # login endpoint itself and the token list are fuzzed without one.
            secured = "memberToken" in str(operation.definition.raw.get("security", ""))
            if operation.path in ("/api/v2/auth/logout/", "/api/v2/auth/tokens/{id}/"):
                continue  # would revoke the token the rest of the run uses
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzz_operation(operation, mode, failures, headers=token if secured else None)
    assert not failures, "\n".join(sorted(set(failures)))
    assert time.monotonic() - started < TIME_BUDGET_SECONDS
