"""Issue 22, one click per step: images are uploaded in place from the product form and the
service form (several at once, a progress bar each, straight into the 图片库), never through
another tab."""

import io

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from marketplace.catalogue.images import member_images, size_spec
from marketplace.catalogue.models import (
    EnterpriseProduct,
    ProductCategory,
    ServiceCategory,
    ServiceProduct,
)
from marketplace.catalogue.tasks import generate_product_renditions
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import WindowPlatform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Xiang-Jiang-2026!"


def jpeg(name, color):
    buffer = io.BytesIO()
    Image.new("RGB", (900, 700), color).save(buffer, format="JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def not_an_image():
    return {"name": "bad.jpg", "mimeType": "image/jpeg", "buffer": b"<?php echo 1; ?>" * 20}


def log_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def upload_rows(page):
    return page.locator("[data-upload-progress] li")


def test_enterprise_uploads_main_images_from_the_product_form(page, live_server):
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115
    machinery = ProductCategory.add_root(name="装备制造").add_child(name="工程机械")
    enterprise = EnterpriseFactory(user__username="e2e-uploader", user__password=PASSWORD)
    log_in(page, live_server.url, "e2e-uploader")
    page.goto(f"{live_server.url}/center/products/new/?category={machinery.pk}")
    expect(page.get_by_text("图片库还是空的，请先上传图片。")).to_be_visible()

    # Two photos and a file that is no image, chosen at once; each is sent on its own.
    page.get_by_label("上传图片", exact=True).set_input_files(
        [jpeg("qianmian.jpg", "#0a4b9c"), not_an_image(), jpeg("cemian.jpg", "#c8102e")]
    )
    expect(upload_rows(page)).to_have_count(3)
    done = page.locator("[data-upload-progress] li[data-state=done]")
    expect(done).to_have_count(2)
    for row in done.all():
        expect(row).to_contain_text("上传成功")
        assert row.locator("progress").evaluate("bar => bar.value") == 100
    refused = page.locator("[data-upload-progress] li[data-state=error]")
    expect(refused).to_contain_text("bad.jpg")
    expect(refused).to_contain_text("不是有效的图片文件")

    # They appear at once among the choices, newest first, ticked as main images in upload
    # order (the first one is the cover), with their thumbnails.
    choices = page.get_by_test_id("main-image-choices").locator("[data-main-image]")
    expect(choices).to_have_count(2)
    expect(choices.nth(0)).to_contain_text("cemian")
    expect(choices.nth(1)).to_contain_text("qianmian")
    expect(page.get_by_text("图片库还是空的，请先上传图片。")).to_be_hidden()
    front = page.locator("[data-main-image]", has_text="qianmian")
    side = page.locator("[data-main-image]", has_text="cemian")
    for choice, order in ((front, "1"), (side, "2")):
        expect(choice.locator("input[type=checkbox]")).to_be_checked()
        expect(choice.locator("input[type=number]")).to_have_value(order)
        expect(choice.locator("img")).to_have_count(1)
    # Untick and tick again: the numbering follows the clicks, as for images already there.
    front.locator("input[type=checkbox]").uncheck()
    expect(side.locator("input[type=number]")).to_have_value("1")
    front.locator("input[type=checkbox]").check()
    expect(front.locator("input[type=number]")).to_have_value("2")

    page.get_by_label("产品名称").fill("浏阳河小型挖掘机")
    page.get_by_label("计价单位").fill("台")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_text("产品“浏阳河小型挖掘机”已发布")).to_be_visible()

    product = EnterpriseProduct.objects.get(enterprise=enterprise)
    assert [item.image.title for item in product.ordered_images] == ["cemian", "qianmian"]
    # Both are in the 图片库, and the refused file is not.
    assert [image.title for image in member_images(enterprise.user)] == ["cemian", "qianmian"]
    page.goto(live_server.url + "/center/images/")
    expect(page.get_by_test_id("image-library").locator("li")).to_have_count(2)


def test_institution_uploads_a_cover_from_the_service_form(page, live_server):
    call_command("seed_demo", "--only", "home", "marketplace", stdout=open("/dev/null", "w"))  # noqa: SIM115
    platform = WindowPlatform.objects.get(reviewers__username="reviewer-changsha")
    institution = InstitutionFactory(
        user__username="e2e-cover-inst", user__password=PASSWORD, platform=platform, approved=True
    )
    category = ServiceCategory.objects.active().filter(depth=2).first()
    log_in(page, live_server.url, "e2e-cover-inst")
    page.goto(live_server.url + "/center/service-products/new/")

    page.get_by_label("上传图片", exact=True).set_input_files(
        [jpeg("fengmian.jpg", "#2e7d32"), jpeg("beiyong.jpg", "#f9a825")]
    )
    expect(page.locator("[data-upload-progress] li[data-state=done]")).to_have_count(2)
    covers = page.get_by_test_id("cover-choices")
    # The first upload became the cover (none was chosen); the member prefers the second.
    expect(covers.get_by_role("radio", name="fengmian")).to_be_checked()
    covers.get_by_role("radio", name="beiyong").check()

    page.get_by_label("产品名称").fill("浏览器测试代理记账套餐")
    page.get_by_label("服务类目").select_option(str(category.pk))
    page.get_by_label("产品简介").fill("小规模纳税人代理记账、纳税申报。")
    page.get_by_label("服务内容").fill("每月记账、报税。")
    page.get_by_label("固定价格").check()
    page.get_by_label("价格（元）", exact=True).fill("3000")
    page.get_by_label("联系人").fill("李会计")
    page.get_by_label("联系电话").fill("0731-88886666")
    page.get_by_role("button", name="确定提交").click()
    expect(page.get_by_text("服务产品已提交，请等待所属窗口平台审核。")).to_be_visible()

    product = ServiceProduct.objects.get(institution=institution)
    assert product.get_latest_revision_as_object().cover.title == "beiyong"
    assert {image.title for image in member_images(institution.user)} == {"fengmian", "beiyong"}


def test_picker_shows_processing_until_the_sizes_are_ready(page, live_server, settings):
    """The sizes are made by a background worker: the new image waits as 「处理中」 (not yet
    pickable) and becomes pickable by itself once they exist."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115
    enterprise = EnterpriseFactory(user__username="e2e-picker", user__password=PASSWORD)
    log_in(page, live_server.url, "e2e-picker")
    page.goto(live_server.url + "/center/images/picker/")

    page.get_by_label("上传图片", exact=True).set_input_files([jpeg("xijie.jpg", "#6a1b9a")])
    expect(page.locator("[data-upload-progress] li[data-state=done]")).to_have_count(1)
    choice = page.locator("#picker-choices [data-pick-image]", has_text="xijie")
    expect(choice).to_contain_text("处理中")
    expect(choice).to_be_disabled()

    # The worker makes the sizes; the page notices on its next look.
    (image,) = member_images(enterprise.user)
    generate_product_renditions.call(image.pk)
    large = image.renditions.get(filter_spec=size_spec("large")).url
    expect(choice).to_be_enabled(timeout=10_000)
    expect(choice).not_to_contain_text("处理中")
    expect(choice).to_have_attribute("data-src", large)
    expect(choice.locator("img")).to_have_attribute(
        "src", image.renditions.get(filter_spec=size_spec("thumbnail")).url
    )
