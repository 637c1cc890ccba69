"""/api/v2/docs/ in a real browser: Swagger UI starts from our static files under the portal's
Content-Security-Policy (no violation: `csp_violations` in conftest.py) and shows the operations
of the OpenAPI document."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_shows_every_endpoint_under_the_csp(page, live_server):
    page.goto(f"{live_server.url}/api/v2/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("湖南省中小企业公共服务平台")
    expect(page.locator(".opblock-tag", has_text="search")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v2/pages/{id}/")).to_have_count(1)
