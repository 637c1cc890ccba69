"""An enterprise publishes a product with library images in a real browser (R2.2–R2.5)."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from marketplace.catalogue.models import EnterpriseProduct, ProductCategory
from marketplace.members.factories import EnterpriseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Xiang-Jiang-2026!"


@pytest.fixture
def seeded_live_server(live_server):
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115
    machinery = ProductCategory.add_root(name="装备制造").add_child(name="工程机械")
    return live_server, machinery


def jpeg(color, size=(900, 700)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return {
        "name": f"{color.strip('#')}.jpg",
        "mimeType": "image/jpeg",
        "buffer": buffer.getvalue(),
    }


def log_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_enterprise_publishes_a_product_with_images(page, seeded_live_server):
    server, machinery = seeded_live_server
    enterprise = EnterpriseFactory(
        user__username="e2e-maker", user__password=PASSWORD, credit_code="", introduction=""
    )
    log_in(page, server.url, "e2e-maker")

    # Incomplete profile: refused, with a link to the profile.
    page.goto(server.url + "/center/products/new/")
    assert page.get_by_text("未填写资料的企业不能发布产品").is_visible()
    page.get_by_role("link", name="去完善企业资料").click()
    page.wait_for_url("**/center/enterprise/profile/")
    page.get_by_label("统一社会信用代码").fill("91440300708461136T")
    page.get_by_label("企业简介").fill("工程机械制造。")
    page.get_by_role("button", name="修改并提交").click()
    assert page.get_by_text("企业资料已保存。").is_visible()

    # Upload three images at once (the script sends them one by one with progress bars).
    page.get_by_role("link", name="图片库").click()
    page.get_by_label("选择图片").set_input_files(
        [jpeg("#c8102e"), jpeg("#0a4b9c"), jpeg("#2e7d32")]
    )
    page.get_by_role("button", name="上传").click()
    page.wait_for_selector("[data-testid=image-library] li >> nth=2")
    assert page.locator("[data-testid=image-library] li").count() == 3

    # 发布产品: the category first, then the form.
    page.get_by_role("link", name="产品管理").click()
    page.get_by_role("link", name="发布产品").click()
    page.get_by_role("link", name="工程机械").click()
    assert page.get_by_test_id("chosen-category").inner_text() == "工程机械"
    page.get_by_label("产品名称").fill("浏阳河小型挖掘机")
    page.get_by_label("计价单位").fill("台")
    # Two main images, clicked in order: blue first (the cover), then red.
    page.locator("label", has_text="0a4b9c").locator("input[type=checkbox]").check()
    page.locator("label", has_text="c8102e").locator("input[type=checkbox]").check()

    # A detail image through 浏览服务器, 300 px wide.
    page.get_by_label("产品描述").fill("<p>节能高效</p>")
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="图片（浏览服务器）").click()
    picker = popup_info.value
    picker.get_by_label("宽度").fill("300")
    # Picking inserts the image and closes the picker window; click from inside the page so the
    # window closing cannot race Playwright's own click bookkeeping.
    # The green image, which is not a main image: the detail image must be told apart from them.
    detail_button = '[data-pick-image][data-alt="2e7d32"]'
    picker.locator(detail_button).wait_for()
    with picker.expect_event("close"):
        picker.evaluate(
            "(selector) => setTimeout(() => document.querySelector(selector).click(), 0)",
            detail_button,
        )
    page.wait_for_function(
        "document.getElementById('id_description').value.includes('width=\"300\"')"
    )
    page.get_by_role("button", name="发布", exact=True).click()
    assert page.get_by_text("产品“浏阳河小型挖掘机”已发布").is_visible()

    product = EnterpriseProduct.objects.get(enterprise=enterprise)
    blue, red = (item.image for item in product.ordered_images)
    assert (blue.title, red.title) == ("0a4b9c", "c8102e")
    assert 'width="300"' in product.description

    # The public page shows it with the pre-generated renditions.
    page.goto(server.url + "/products/")
    page.get_by_role("link", name="浏阳河小型挖掘机").click()
    cover = blue.get_rendition("format-jpeg|max-1200x1200").url
    assert page.locator(f'img[src="{cover}"]').count() == 1
    assert (
        page.locator(
            f'source[srcset*="{blue.get_rendition("format-webp|max-1200x1200").url}"]'
        ).count()
        == 1
    )
    detail = page.get_by_test_id("product-description").locator("img")
    assert detail.get_attribute("width") == "300"
    # The library's promise: the public page reads public copies of the published sizes only;
    # the originals stay private (404 to a visitor without the member's session).
    assert cover.startswith("/media/member-images/")
    assert detail.get_attribute("src").startswith("/media/member-images/")
    assert "/center/media/" not in page.get_by_test_id("product-description").inner_html()
    anonymous = page.context.browser.new_context()
    try:
        for url in (blue.file.url, red.file.url):
            assert anonymous.request.get(server.url + url).status == 404
        assert anonymous.request.get(server.url + cover).status == 200
    finally:
        anonymous.close()
