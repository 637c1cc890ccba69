"""The Content-Security-Policy in a real browser: the violation listener works, and an editor's
walk through the Wagtail admin (dashboard, page editor with the rich-text editor, chooser and
preview panel, snippet, image upload and focal point, reports, the userbar on the site) meets
the admin's policy. Every other browser test checks the portal's pages the same way
(`csp_violations` in conftest.py)."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect
from wagtail.admin.admin_url_finder import AdminURLFinder

from policies.models import IssuingBody, PolicyPage
from portal.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME
from portal.models import CustomImage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded_live_server(live_server):
    call_command("seed_demo", "--only", "home", "policies", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


def test_listener_catches_an_inline_script_and_a_style_attribute(page, live_server, csp_violations):
    """A page served with the portal's real headers, with an inline script and a style
    attribute slipped in: both are blocked and both are reported."""

    def with_inline_code(route):
        response = route.fetch()
        body = response.text().replace(
            "</main>",
            '<p id="probe" style="color: red">x</p><script>window.probeRan = true;</script></main>',
        )
        route.fulfill(response=response, body=body)

    page.route("**/accounts/login/", with_inline_code)
    page.goto(live_server.url + "/accounts/login/")
    assert page.evaluate("window.probeRan") is None
    page.wait_for_timeout(200)
    directives = {v.get("directive") for v in csp_violations.seen}
    assert {"script-src-elem", "style-src-attr"} <= directives, csp_violations.seen
    csp_violations.clear()


def log_in_to_admin(page, base):
    page.goto(base + "/admin/login/")
    page.get_by_label("用户名").fill(DEMO_ADMIN_USERNAME)
    page.get_by_label("密码").fill(DEMO_ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def png_file(name):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "#0a4b9c").save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_editor_walks_through_the_admin_without_a_violation(page, seeded_live_server):
    base = seeded_live_server.url
    finder = AdminURLFinder()
    policy = PolicyPage.objects.live().first()
    body = IssuingBody.objects.first()

    # Dashboard.
    log_in_to_admin(page, base)
    expect(page.locator("main")).to_be_visible()

    # A page editor: StreamField with Draftail, InlinePanel, date pickers, a page chooser and
    # the preview panel (an iframe of the preview view).
    page.goto(base + finder.get_edit_url(policy))
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.type("内容安全策略测试。")
    # A new table block: Handsontable's editor.
    page.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="表格").click()
    expect(page.locator(".handsontable").first).to_be_visible()
    page.locator("#id_interprets-chooser .unchosen [data-chooser-action-choose]").click()
    modal = page.locator(".modal")
    expect(modal.get_by_role("link", name=re.compile(".")).first).to_be_visible()
    modal.locator("button.close").first.click()
    expect(modal).to_be_hidden()
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text(policy.title, timeout=20_000)

    # A snippet editor.
    page.goto(base + finder.get_edit_url(body))
    expect(page.locator("form input[name=name]")).to_have_value(body.name)

    # Uploading an image, then its edit screen with the focal-point chooser.
    page.goto(base + "/admin/images/multiple/add/")
    page.locator("#fileupload").set_input_files(png_file("内容安全策略.png"))
    expect(page.locator("#upload-list .upload-success")).to_have_count(1, timeout=20_000)
    image = CustomImage.objects.latest("pk")
    page.goto(base + finder.get_edit_url(image))
    # Jcrop replaces the image with its own cropping layer once its script has run.
    expect(page.locator(".focal-point-chooser .jcrop-holder")).to_be_visible()
    page.locator(".focal-point-chooser img").last.evaluate("image => image.decode()")

    # Reports and the workflow screens.
    for path in (
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/workflows/list/",
    ):
        page.goto(base + path)
        expect(page.locator("main")).to_be_visible()

    # The live page with Wagtail's userbar, under the portal's own policy.
    page.goto(base + policy.url)
    expect(page.locator("wagtail-userbar")).to_be_attached()
    page.wait_for_load_state("networkidle")
