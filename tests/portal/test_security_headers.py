"""Security headers (portal/security_headers.py): every kind of response carries the CSP,
Permissions-Policy, Referrer-Policy and nosniff; stored pages too; the admin has its own policy;
the portal's templates need no 'unsafe-inline'."""

import re
from pathlib import Path

import pytest
from csp.decorators import csp_update
from django.http import HttpResponse
from django.test import RequestFactory

from home.factories import StandardPageFactory
from portal.security_headers import ContentSecurityPolicyMiddleware, PermissionsPolicyMiddleware
from tests.portal.test_settings import _run_production

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(response):
    """{directive: [sources]} of the response's Content-Security-Policy."""
    policy = response["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_portal_headers(response, *, frame_ancestors="'none'"):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == [frame_ancestors]
    assert "nonce-" not in response["Content-Security-Policy"]
    assert_other_headers(response)


def assert_other_headers(response):
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def about(home_page):
    page = StandardPageFactory(parent=home_page, title="关于平台", slug="about")
    page.save_revision().publish()
    return page


def test_a_public_page_and_its_stored_copy_carry_the_headers(client, about, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    client.get("/")  # the first request of a site creates its settings rows (a change)
    first = client.get("/about/")
    assert first.status_code == 200 and "Age" not in first
    assert_portal_headers(first)
    stored = client.get("/about/")
    assert "Age" in stored, "served from the page cache"
    assert_portal_headers(stored)
    assert stored["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_stored_page_gets_the_policy_in_force_not_the_one_it_was_stored_with(
    client, about, settings
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    client.get("/")
    client.get("/about/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    stored = client.get("/about/")
    assert "Age" in stored
    assert directives(stored)["default-src"] == ["'none'"]


def test_the_api_and_a_404_carry_the_headers(client, home_page):
    api = client.get("/api/v2/pages/", HTTP_ACCEPT="application/json")
    assert api.status_code == 200
    assert_portal_headers(api)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_portal_headers(missing)


def test_the_admin_has_its_own_policy(client, admin_user, home_page):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    # Wagtail's editors run inline initialisers and insert inline styles; the rest is as strict.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert_other_headers(response)
    # The login page, reached by anyone, is an admin page too.
    client.logout()
    login = client.get("/admin/login/")
    assert directives(login)["script-src"] == ["'self'", "'unsafe-inline'"]


def _through_middleware(path, response):
    request = RequestFactory().get(path)
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    return middleware(request)


def test_frame_ancestors_follows_x_frame_options():
    """Wagtail's preview views say SAMEORIGIN for the admin's preview panel; so does the CSP."""
    framed = HttpResponse("preview")
    framed["X-Frame-Options"] = "SAMEORIGIN"
    response = _through_middleware("/admin/pages/3/edit/preview/", framed)
    assert directives(response)["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" in directives(response)["script-src"]


def test_a_preview_gets_the_header_of_the_admin_request_not_of_its_dummy_request():
    """Wagtail renders a preview through the middleware for a dummy request of the page's URL."""
    response = HttpResponse("preview")
    response["X-Frame-Options"] = "DENY"
    inner = _through_middleware("/policies/some-policy/", response)
    inner["X-Frame-Options"] = "SAMEORIGIN"  # Wagtail's preview view, on the way out
    outer = _through_middleware("/admin/pages/3/edit/preview/", inner)
    assert directives(outer)["frame-ancestors"] == ["'self'"]
    assert directives(outer)["script-src"] == ["'self'", "'unsafe-inline'"]


def test_a_view_may_still_extend_the_policy_with_django_csps_decorators():
    @csp_update({"img-src": ["https://maps.example.cn"]})
    def view(request):
        response = HttpResponse("map")
        response["X-Frame-Options"] = "DENY"
        return response

    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/somewhere/"))
    policy = directives(response)
    assert policy["img-src"] == ["'self'", "data:", "https://maps.example.cn"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_a_header_set_by_a_view_is_kept():
    own = HttpResponse("own")
    own["Content-Security-Policy"] = "sandbox"
    assert _through_middleware("/somewhere/", own)["Content-Security-Policy"] == "sandbox"


def test_permissions_policy_header_from_the_setting(settings):
    settings.PORTAL_PERMISSIONS_POLICY = {"camera": [], "fullscreen": ["self"], "autoplay": ["*"]}
    middleware = PermissionsPolicyMiddleware(lambda request: HttpResponse())
    response = middleware(RequestFactory().get("/"))
    assert response["Permissions-Policy"] == "camera=(), fullscreen=(self), autoplay=*"


@pytest.mark.parametrize(
    ("env", "origins"),
    [
        ({"AWS_S3_CUSTOM_DOMAIN": "media.example.cn"}, ["https://media.example.cn"]),
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.example.cn"},
            ["https://s3.example.cn", "https://portal-media.s3.example.cn"],
        ),
        (
            {"PORTAL_CSP_MEDIA_ORIGINS": "https://cdn.example.cn"},
            ["https://portal-media.s3.amazonaws.com", "https://cdn.example.cn"],
        ),
    ],
)
def test_images_may_come_from_the_media_bucket_and_a_cdn(env, origins):
    result = _run_production(
        "shell",
        "-c",
        "from django.conf import settings; s = settings.CONTENT_SECURITY_POLICY;"
        "a = settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY;"
        "print('public', *s['DIRECTIVES']['img-src']); print('admin', *a['DIRECTIVES']['img-src'])",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        **env,
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    public, admin = lines["public"].removeprefix("public"), lines["admin"].removeprefix("admin")
    assert public.split() == ["'self'", "data:", *origins]
    assert admin.split() == ["'self'", "data:", *origins, "blob:"]


# What a browser would refuse under `script-src 'self'` / `style-src 'self'`.
INLINE_CODE = [
    ("an inline <script>", re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>")),
    ("a <style> element", re.compile(r"<style[\s>]")),
    ("a style attribute", re.compile(r"\sstyle\s*=", re.IGNORECASE)),
    ("an inline event handler", re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)),
    ("a javascript: URL", re.compile(r"javascript:", re.IGNORECASE)),
]


def test_the_portals_templates_need_no_unsafe_inline():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        relative = template.relative_to(TEMPLATES)
        if relative.parts[:2] == ("contracts", "pdf"):
            continue  # read by WeasyPrint only, never by a browser
        text = template.read_text(encoding="utf-8")
        for what, pattern in INLINE_CODE:
            found += [f"{relative}: {what}: {match.group(0)!r}" for match in pattern.finditer(text)]
    assert not found, "\n".join(found)
