"""R1.6, R1.7, R2.4 in a real browser: an approved institution picks a cover from its own 图片库,
submits a service product, its platform's reviewer approves it in the Wagtail admin, and only
then is it on /services/; a reviewer of another platform never sees it."""

import io

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from marketplace.catalogue.images import size_spec
from marketplace.catalogue.models import ServiceCategory, ServiceProduct
from marketplace.members.factories import InstitutionFactory
from marketplace.members.models import WindowPlatform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "portal-pass-2026"  # portal.factories.UserFactory
PRODUCT_NAME = "浏览器测试代理记账套餐"


@pytest.fixture
def seeded_live_server(live_server):
    call_command("seed_demo", "--only", "home", "marketplace", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


@pytest.fixture
def approved_institution(seeded_live_server):
    platform = WindowPlatform.objects.get(reviewers__username="reviewer-changsha")
    return InstitutionFactory(
        user__username="e2e-service-inst",
        platform=platform,
        name="浏览器测试财税服务中心",
        approved=True,  # approved qualification: is_approved=True
    )


def jpeg(color="#0a4b9c", size=(900, 700)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return {"name": "fengmian.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def log_in(page, url, username, password):
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def log_out(page):
    page.context.clear_cookies()


def centre_menu(page):
    return page.get_by_role("navigation", name="会员中心菜单")


def test_submit_review_and_publish_a_service_product(
    page, seeded_live_server, approved_institution
):
    base = seeded_live_server.url
    category = ServiceCategory.objects.active().filter(depth=2).first()
    log_in(page, base + "/accounts/login/", "e2e-service-inst", PASSWORD)
    page.goto(base + "/center/")

    # 图片库 is in the institution's menu: upload the cover image there.
    centre_menu(page).get_by_role("link", name="图片库").click()
    page.get_by_label("选择图片").set_input_files([jpeg()])
    page.get_by_role("button", name="上传").click()
    expect(page.locator("[data-testid=image-library] li")).to_have_count(1)

    # 服务产品 → 新增产品 → the form, the cover chosen among the member's own images.
    centre_menu(page).get_by_role("link", name="服务产品").click()
    page.get_by_role("link", name="新增产品").click()
    page.get_by_label("产品名称").fill(PRODUCT_NAME)
    page.get_by_label("服务类目").select_option(str(category.pk))
    page.get_by_label("产品简介").fill("小规模纳税人代理记账、纳税申报。")
    page.get_by_label("服务内容").fill("每月记账、报税。\n年度汇算清缴。")
    page.get_by_label("固定价格").check()
    page.get_by_label("价格（元）", exact=True).fill("3000")
    page.get_by_label("联系人").fill("李会计")
    page.get_by_label("联系电话").fill("0731-88886666")
    page.get_by_test_id("cover-choices").get_by_label("fengmian").check()
    page.get_by_role("button", name="确定提交").click()
    expect(page.get_by_text("服务产品已提交，请等待所属窗口平台审核。")).to_be_visible()
    expect(page.get_by_test_id("service-products")).to_contain_text("审核中")

    product = ServiceProduct.objects.get(institution=approved_institution)
    assert product.review_status == ServiceProduct.ReviewStatus.IN_REVIEW
    cover = product.get_latest_revision_as_object().cover
    assert cover is not None and cover.title == "fengmian"

    # Not public while under review.
    page.goto(base + "/services/")
    expect(page.get_by_role("link", name=PRODUCT_NAME)).to_have_count(0)
    assert page.goto(f"{base}/services/{product.pk}/").status == 404
    log_out(page)

    # A reviewer of another platform does not see it in the queue.
    log_in(page, base + "/admin/login/", "reviewer-zhuzhou", "Reviewer-Zhuzhou-2026")
    page.goto(base + "/admin/marketplace/review-queue/")
    expect(page.get_by_test_id("review-queue-row").filter(has_text=PRODUCT_NAME)).to_have_count(0)
    assert PRODUCT_NAME not in page.content()
    log_out(page)

    # The reviewer of its platform approves it in the review queue.
    log_in(page, base + "/admin/login/", "reviewer-changsha", "Reviewer-Changsha-2026")
    page.goto(base + "/admin/marketplace/review-queue/")
    row = page.get_by_test_id("review-queue-row").filter(has_text=PRODUCT_NAME)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="审核通过", exact=True).click()
    # Done when the decision is saved and the queue reloaded without it.
    expect(row).to_have_count(0, timeout=20_000)
    log_out(page)

    # Now on /services/ and its detail page, with the cover's pre-generated thumbnail.
    product.refresh_from_db()
    assert product.live and product.review_status == ServiceProduct.ReviewStatus.APPROVED
    thumbnail = cover.renditions.get(filter_spec=size_spec("thumbnail")).url
    page.goto(base + "/services/")
    expect(page.get_by_role("link", name=PRODUCT_NAME)).to_have_count(1)
    page.get_by_role("link", name=PRODUCT_NAME).click()
    page.wait_for_url(f"**/services/{product.pk}/")
    expect(page.get_by_role("heading", name=PRODUCT_NAME)).to_be_visible()
    expect(page.get_by_test_id("service-cover").locator(f'img[src="{thumbnail}"]')).to_have_count(1)
    expect(page.get_by_test_id("service-content")).to_contain_text("年度汇算清缴")
