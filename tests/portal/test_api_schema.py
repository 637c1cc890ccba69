"""The OpenAPI document of /api/v2/ (issue 15): valid, complete and truthful about every endpoint.

Complete: every URL under /api/v2/ (found by walking the URL resolver, so a new endpoint fails
here until it is described) is in the document. Truthful: every documented parameter is
accepted, every parameter not documented is refused, and real responses match the documented
bodies.
"""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec

from portal.api import api_router
from tests.portal.api_support import UNTHROTTLED, build_api_data

SCHEMA_URL = "/api/v2/schema/"
# The document and its docs page describe the API; they are not endpoints of it.
META_URLS = {"/api/v2/schema/", "/api/v2/docs/"}

pytestmark = pytest.mark.usefixtures("unthrottled")


@pytest.fixture
def unthrottled():
    with override_settings(**UNTHROTTLED):
        yield


@pytest.fixture
def document(client, db):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def api_data(home_page):
    build_api_data(home_page)


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def validate_body(document, path, status, body, method="get"):
    response = document["paths"][path][method]["responses"][str(status)]
    schema = response["content"]["application/json"]["schema"]
    # `$ref`s point into the document's components: validate from a root that holds them.
    OAS30Validator({**schema, "components": document["components"]}).validate(body)


def example(parameter, home_page):
    """A value the parameter's schema allows, for an object that exists."""
    schema = parameter["schema"]
    if "enum" in schema:
        return schema["enum"][0]
    if "oneOf" in schema:
        return "root"
    special = {
        "order": "id",
        "fields": "*",
        "html_path": "/about/",
        "site": "localhost",
        "region": "430100",
    }
    if parameter["name"] in special:
        return special[parameter["name"]]
    if parameter["name"] == "platform":
        from marketplace.members.models import WindowPlatform

        return WindowPlatform.objects.filter(is_active=True).values_list("pk", flat=True)[0]
    if schema.get("type") == "integer":
        value = home_page.pk if parameter["name"] != "limit" else 1
        # An id-like value, within the parameter's bounds (ids run high on PostgreSQL).
        return value if value <= schema.get("maximum", value) else schema.get("minimum", 0)
    if schema.get("type") == "number":
        return "1.5"
    if schema.get("type") == "boolean":
        return "true"
    if schema.get("format") == "date":
        return "2025-01-01"
    if schema.get("format") == "date-time":
        return "2025-01-01T00:00:00+08:00"
    if parameter["name"] == "locale":
        return "zh-hans"
    return "x"


# The document ---------------------------------------------------------------------------------


def test_the_schema_is_a_valid_openapi_document(client, document):
    validate_spec(document)
    assert document["info"]["title"] == "湖南省中小企业公共服务平台 API"
    assert document["servers"][0]["url"].startswith("http")
    as_yaml = client.get(SCHEMA_URL, {"format": "yaml"})
    assert as_yaml.status_code == 200
    assert yaml.safe_load(as_yaml.content) == document


def test_every_operation_has_a_chinese_summary_and_documents_its_errors(document):
    for path, _method, operation in operations(document):
        assert re.search(r"[\u4e00-\u9fff]", operation["summary"]), path
        for parameter in operation.get("parameters", []):
            assert re.search(r"[\u4e00-\u9fff]", parameter["description"]), (path, parameter)
        assert "429" in operation["responses"], path
        for status in ("400", "401", "403", "404", "409", "429"):
            if status in operation["responses"]:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                # One error shape; a refused member form (400) adds each field's errors.
                allowed = [{"$ref": "#/components/schemas/Error"}]
                if status == "400":
                    allowed.append({"$ref": "#/components/schemas/FormError"})
                assert schema in allowed, (path, status)
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["required"] == ["message"]
    assert schemas["FormError"]["required"] == ["message"]


def api_url_templates():
    """Every URL under /api/v2/, as a template with `{}` for each path parameter."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield "/" + re.sub(r"<(?:\w+:)?\w+>", "{}", route)

    return {url for url in walk(get_resolver().url_patterns, "") if url.startswith("/api/v2/")}


def test_every_url_under_the_api_is_in_the_schema(document):
    documented = {re.sub(r"\{\w+\}", "{}", path) for path in document["paths"]}
    urls = api_url_templates()
    assert "/api/v2/pages/{}/" in urls and "/api/v2/search/" in urls  # the walk finds them
    assert urls - META_URLS == documented
    for name in api_router._endpoints:
        assert f"/api/v2/{name}/" in documented


# Parameters -----------------------------------------------------------------------------------


def with_required(operation, params):
    """The parameters an operation needs besides the one under test (`q` of the search)."""
    for parameter in operation.get("parameters", []):
        if parameter.get("required") and parameter["in"] == "query":
            params.setdefault(parameter["name"], "中小企业")
    return params


# The public endpoints: the router's, less the draft preview (it needs an editor's token and is
# tested in test_headless_preview.py). The member API is tested endpoint by endpoint in its apps'
# test files and fuzzed with a member token in test_api_fuzz.py.
PUBLIC_SKIPPED = {"page-preview"}


def public_endpoint_names():
    return [name for name in api_router._endpoints if name not in PUBLIC_SKIPPED]


def public_operations(document):
    prefixes = tuple(f"/api/v2/{name}/" for name in public_endpoint_names())
    for path, method, operation in operations(document):
        if path == "/api/v2/" or path.startswith(prefixes):
            yield path, method, operation


@pytest.fixture
def member_session(client, db):
    """`/api/v2/enterprises/` is for signed-in members, as `/enterprises/` is."""
    from marketplace.members.factories import EnterpriseFactory

    client.force_login(EnterpriseFactory(user__username="schema-viewer").user)
    return client


@pytest.mark.usefixtures("member_session")
def test_every_documented_parameter_is_accepted(client, document, api_data, home_page):
    checked = 0
    for path, _method, operation in public_operations(document):
        endpoint = re.match(r"/api/v2/[\w-]+/", path).group(0) if path != "/api/v2/" else None
        first_id = None
        listing = (
            endpoint
            and endpoint != "/api/v2/search/"
            and "items" in (listed := client.get(endpoint, {"limit": 1}).json())
        )
        if listing:
            first_id = listed["items"][0]["id"]
            path = path.replace("{id}", str(first_id))
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            value = first_id if parameter["name"] == "id" else example(parameter, home_page)
            params = {parameter["name"]: value}
            if "x-page-types" in parameter:
                params["type"] = parameter["x-page-types"][0]
            response = client.get(path, with_required(operation, params))
            assert response.status_code in (200, 302), (path, params, response.content)
            checked += 1
    assert checked > 100


@pytest.mark.usefixtures("member_session")
def test_every_parameter_not_documented_is_refused(client, document, api_data):
    """Listings refuse what they do not document: any name documented elsewhere in the API, and
    each field of the endpoint's model (Wagtail filters on fields it exposes, only those)."""
    everywhere = {
        parameter["name"]
        for _path, _method, operation in operations(document)
        for parameter in operation.get("parameters", [])
    }
    refused = 0
    for name, endpoint in api_router._endpoints.items():
        path = f"/api/v2/{name}/"
        operation = document["paths"][path]["get"]
        documented = {parameter["name"] for parameter in operation.get("parameters", [])}
        page_type_only = {
            parameter["name"]
            for parameter in operation.get("parameters", [])
            if "x-page-types" in parameter
        }
        meta = getattr(endpoint.model, "_meta", None)  # the search endpoint has no model
        model_fields = {field.name for field in meta.get_fields()} if meta else set()
        for candidate in sorted((everywhere | model_fields | {"unknown"}) - documented):
            response = client.get(path, with_required(operation, {candidate: "1"}))
            assert response.status_code == 400, (path, candidate, response.content)
            refused += 1
        # A page type's own filters are refused without the type they belong to.
        for candidate in sorted(page_type_only):
            response = client.get(path, {candidate: "1"})
            assert response.status_code == 400, (path, candidate, response.content)
            refused += 1
    assert refused > 50


# Responses ------------------------------------------------------------------------------------


def viewset_paths(document):
    return [
        f"/api/v2/{name}/"
        for name in api_router._endpoints
        if f"/api/v2/{name}/{{id}}/" in document["paths"]
    ]


@pytest.mark.usefixtures("member_session")
def test_listings_and_details_match_the_documented_bodies(client, document, api_data):
    page_types = sorted(
        {
            page_type
            for parameter in document["paths"]["/api/v2/pages/"]["get"]["parameters"]
            for page_type in parameter.get("x-page-types", ())
        }
    )
    assert "policies.PolicyPage" in page_types
    for path in viewset_paths(document):
        variants = [{}, {"fields": "*"}]
        if path == "/api/v2/pages/":
            variants += [{"type": page_type, "fields": "*"} for page_type in page_types]
        for params in variants:
            response = client.get(path, {**params, "limit": 100})
            assert response.status_code == 200, (path, params, response.content)
            listing = response.json()
            validate_body(document, path, 200, listing)
            assert listing["items"], (path, params)  # the data covers every endpoint
            for item in listing["items"]:
                detail = client.get(f"{path}{item['id']}/", params.get("fields") and params)
                assert detail.status_code == 200, (path, item["id"], detail.content)
                validate_body(document, f"{path}{{id}}/", 200, detail.json())
        missing = client.get(f"{path}999999/")
        assert missing.status_code == 404
        validate_body(document, f"{path}{{id}}/", 404, missing.json())
        refused = client.get(path, {"unknown": "1"})
        assert refused.status_code == 400
        validate_body(document, path, 400, refused.json())


def test_search_and_index_match_the_documented_bodies(client, document, api_data):
    found = client.get("/api/v2/search/", {"q": "中小企业"})
    assert found.status_code == 200 and found.json()["items"]
    validate_body(document, "/api/v2/search/", 200, found.json())
    refused = client.get("/api/v2/search/", {"q": "中小企业", "limit": 0})
    assert refused.status_code == 400
    validate_body(document, "/api/v2/search/", 400, refused.json())
    index = client.get("/api/v2/")
    assert index.status_code == 200
    validate_body(document, "/api/v2/", 200, index.json())


# The index and the docs page ------------------------------------------------------------------


def test_the_index_lists_every_endpoint_with_its_description(client, document):
    index = client.get("/api/v2/").json()
    names = [entry["name"] for entry in index["endpoints"]]
    # The router's endpoints, then the member API's two doors (login, and what a member may do).
    assert names == [*api_router._endpoints, "auth", "me"]
    for entry in index["endpoints"]:
        assert re.search(r"[\u4e00-\u9fff]", entry["description"]), entry
        path = entry["url"].removeprefix("http://testserver")
        assert path in document["paths"], entry
        if entry["name"] in api_router._endpoints:
            assert path == f"/api/v2/{entry['name']}/"
    assert index["schema_url"] == "http://testserver/api/v2/schema/"
    assert client.get(index["docs_url"]).status_code == 200


def test_the_docs_page_runs_under_the_portals_csp(client, home_page):
    response = client.get("/api/v2/docs/")
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    # Scripts from our own origin only; Swagger UI injects <style> elements, allowed here alone.
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-inline" not in client.get("/api/v2/")["Content-Security-Policy"]
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 2  # Swagger UI and our initialiser (no top bar, so no standalone preset)
    for attributes, body in scripts:
        assert body.strip() == "", "no inline script"
        source = re.search(r'src="/static/([^"]+)"', attributes).group(1)
        assert finders.find(source), source
    assert "<style" not in html and " style=" not in html
    assert 'data-schema-url="/api/v2/schema/"' in html
    initialiser = open(finders.find("js/api-docs.js")).read()  # noqa: SIM115
    assert "data-schema-url" in initialiser and "SwaggerUIBundle" in initialiser


def test_the_schema_and_index_are_not_stored_by_the_page_cache(client, db, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    for url in ("/api/v2/", SCHEMA_URL, "/api/v2/docs/"):
        client.get(url)
        assert "Age" not in client.get(url), url


def test_the_schema_follows_the_api_settings(client, db):
    with override_settings(WAGTAILAPI_LIMIT_MAX=30):
        document = client.get(SCHEMA_URL).json()
    parameters = document["paths"]["/api/v2/images/"]["get"]["parameters"]
    (limit,) = [parameter for parameter in parameters if parameter["name"] == "limit"]
    assert limit["schema"]["maximum"] == 30
