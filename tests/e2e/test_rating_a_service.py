"""Issue 22, 服务评价 in a real browser: the enterprise rates its completed order by clicking
stars (each with its meaning, no JavaScript), the institution replies, and the comment with
「机构回复」 is on the service's public page and the institution's, the buyer anonymised."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from marketplace.catalogue.models import ServiceCategory
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import WindowPlatform
from marketplace.trade.models import Evaluation, Order
from tests.marketplace.catalogue_helpers import make_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "portal-pass-2026"  # portal.factories.UserFactory
COMMENT = "税务筹划方案清楚，节税效果明显。"
REPLY = "感谢认可，我们会持续跟进。"
FILLED = "rgb(245, 166, 35)"  # .star-rating__glyph of a chosen star (marketplace.css)
EMPTY = "rgb(201, 206, 216)"


@pytest.fixture
def completed_order(live_server):
    call_command("seed_demo", "--only", "home", "marketplace", stdout=open("/dev/null", "w"))  # noqa: SIM115
    platform = WindowPlatform.objects.get(reviewers__username="reviewer-changsha")
    institution = InstitutionFactory(
        user__username="e2e-rated-inst", platform=platform, name="浏览器评价测试机构", approved=True
    )
    category = ServiceCategory.objects.active().filter(depth=2).first()
    product = make_product(institution, category, name="浏览器评价测试税务筹划")
    enterprise = EnterpriseFactory(user__username="e2e-rater", name="湘江评价测试有限公司")
    return Order.objects.create(
        number="DD20270101-900001",
        enterprise=enterprise,
        institution=institution,
        service_product=product,
        product_name=product.name,
        price_text="¥3,000.00",
        quantity_or_scope="1 次",
        status=Order.Status.COMPLETED,
    )


def log_in(page, url, username):
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def star(form, criterion, meaning):
    """The star labelled 「4 星：满意」 in the group of `criterion`."""
    return form.get_by_role("group", name=criterion).locator("label", has_text=meaning)


def test_rate_by_clicking_stars_then_the_reply_shows_on_the_public_pages(
    page, live_server, completed_order
):
    base = live_server.url
    order = completed_order

    log_in(page, f"{base}/accounts/login/?next={order.get_enterprise_url()}", "e2e-rater")
    page.get_by_test_id("evaluate").click()
    form = page.get_by_test_id("evaluation-form")
    expect(form.get_by_test_id("star-scale")).to_contain_text("5 星很满意")
    overall = form.get_by_role("group", name="总体评分")
    expect(overall.get_by_role("radio")).to_have_count(5)
    expect(overall.get_by_role("radio", name="1 星：很不满意")).not_to_be_checked()
    expect(overall.get_by_text("未选择")).to_be_visible()

    star(form, "总体评分", "4 星：满意").click()
    page.mouse.move(0, 0)  # no hover preview
    expect(overall.get_by_role("radio", name="4 星：满意")).to_be_checked()
    expect(overall.locator(".star-rating__meaning[data-score='4']")).to_be_visible()
    expect(overall.locator(".star-rating__meaning[data-score='5']")).to_be_hidden()
    expect(overall.get_by_text("未选择")).to_be_hidden()
    glyphs = overall.locator(".star-rating__glyph")
    for index in range(4):
        expect(glyphs.nth(index)).to_have_css("color", FILLED)
    expect(glyphs.nth(4)).to_have_css("color", EMPTY)

    # A missing criterion is named in Chinese and the stars already chosen stay chosen.
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("请为“服务质量”打分（1 到 5 分）。")).to_be_visible()
    form = page.get_by_test_id("evaluation-form")
    expect(
        form.get_by_role("group", name="总体评分").get_by_role("radio", name="4 星：满意")
    ).to_be_checked()

    star(form, "服务质量", "5 星：很满意").click()
    star(form, "响应速度", "3 星：一般").click()
    # The keyboard moves between the stars of a group like any radio group.
    form.get_by_role("group", name="响应速度").get_by_role("radio", name="3 星：一般").press(
        "ArrowRight"
    )
    expect(
        form.get_by_role("group", name="响应速度").get_by_role("radio", name="4 星：满意")
    ).to_be_checked()
    star(form, "专业水平", "5 星：很满意").click()
    form.get_by_label("评价内容").fill(COMMENT)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已评价")
    expect(page.get_by_test_id("evaluation")).to_contain_text("4 星：满意")
    evaluation = Evaluation.objects.get(order=order)
    assert (evaluation.score, evaluation.quality_score) == (4, 5)
    assert (evaluation.speed_score, evaluation.expertise_score) == (4, 5)
    page.context.clear_cookies()

    # The institution replies from its order page.
    log_in(page, f"{base}/accounts/login/?next={order.get_institution_url()}", "e2e-rated-inst")
    page.get_by_label("回复评价（只能回复一次）").fill(REPLY)
    page.get_by_role("button", name="回复", exact=True).click()
    expect(page.get_by_text("回复已发布。")).to_be_visible()
    page.context.clear_cookies()

    # Anyone reads the comment and the reply on the service's page and the institution's.
    page.goto(f"{base}/services/{order.service_product_id}/")
    section = page.get_by_test_id("evaluations")
    expect(section.get_by_role("heading", name="用户评价")).to_be_visible()
    item = section.get_by_test_id("evaluation-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(COMMENT)
    expect(item).to_contain_text("4 星：满意")
    expect(item).to_contain_text("湘**")
    expect(item.get_by_test_id("evaluation-reply")).to_contain_text("机构回复" + REPLY)
    expect(page.get_by_test_id("service-rating")).to_contain_text("4.0 分（1 条评价）")
    assert "湘江评价测试有限公司" not in page.content()

    page.get_by_role("link", name="浏览器评价测试机构").click()
    item = page.get_by_test_id("evaluations").get_by_test_id("evaluation-item")
    expect(item).to_contain_text(COMMENT)
    expect(item).to_contain_text("服务产品：浏览器评价测试税务筹划")
    expect(item.get_by_test_id("evaluation-reply")).to_contain_text(REPLY)
