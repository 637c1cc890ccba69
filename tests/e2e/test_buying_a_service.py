"""R3.1–R3.8 in a real browser: an enterprise buys a live service product, the institution makes
the contract, the enterprise returns it once, downloads the PDF preview, then confirms it and
downloads the PDF, the institution uploads the signed scan and an invoice and submits, the
enterprise confirms the service completed and rates it; both sides and the provincial admin see
the final state."""

import hashlib
import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from contracts.models import Contract
from marketplace.catalogue.models import ServiceCategory
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import WindowPlatform
from marketplace.trade.models import Order
from tests.marketplace.catalogue_helpers import make_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "portal-pass-2026"  # portal.factories.UserFactory
ADMIN_PASSWORD = "Portal-Admin-2026"  # portal.demo.DEMO_ADMIN_PASSWORD
PRODUCT_NAME = "浏览器测试年度代理记账"
ENTERPRISE_NAME = "浏览器测试智造有限公司"
INSTITUTION_NAME = "浏览器测试星城财税服务社"
RETURN_COMMENT = "付款方式请改为分两期支付。"
NEW_PAYMENT_TERMS = "合同签订后付 50%，验收合格后付 50%。"
EVALUATION_COMMENT = "记账及时，报税准确，沟通顺畅。"


@pytest.fixture
def seeded_live_server(live_server):
    call_command("seed_demo", "--only", "home", "marketplace", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


@pytest.fixture
def product(seeded_live_server):
    platform = WindowPlatform.objects.get(reviewers__username="reviewer-changsha")
    institution = InstitutionFactory(
        user__username="e2e-seller", platform=platform, name=INSTITUTION_NAME, approved=True
    )
    category = ServiceCategory.objects.active().filter(depth=2).first()
    return make_product(institution, category, name=PRODUCT_NAME, price="12000")


@pytest.fixture
def enterprise(seeded_live_server):
    # The factory's enterprise has a complete profile.
    return EnterpriseFactory(user__username="e2e-buyer", name=ENTERPRISE_NAME)


def png_file(name, color):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), color).save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


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


def open_contract_from_order(page, order_url):
    page.goto(order_url)
    page.get_by_test_id("contract-link").click()
    expect(page.get_by_role("heading", name=re.compile("^标准合同"))).to_be_visible()


def test_buy_contract_complete_and_evaluate(
    page, seeded_live_server, product, enterprise, tmp_path
):
    base = seeded_live_server.url

    # R3.1 The enterprise opens the live product, clicks 购买服务 and places the order.
    log_in(page, base + "/accounts/login/", "e2e-buyer", PASSWORD)
    page.goto(f"{base}/services/{product.pk}/")
    expect(page.get_by_role("heading", name=PRODUCT_NAME)).to_be_visible()
    page.get_by_role("link", name="购买服务").click()
    page.wait_for_url(f"**/services/{product.pk}/buy/")
    expect(page.get_by_test_id("order-product")).to_contain_text(INSTITUTION_NAME)
    page.get_by_label("购买数量/服务范围").fill("全年代理记账")
    page.get_by_label("期望服务时间").fill("年底前")
    page.get_by_label("备注").fill("请尽快联系。")
    page.get_by_role("button", name="确认下单").click()
    expect(page.get_by_text(re.compile(r"下单成功，订单号 DD\d{8}-\d{6}"))).to_be_visible()
    order = Order.objects.get(enterprise=enterprise)
    assert order.service_product_id == product.pk
    assert re.fullmatch(r"DD\d{8}-\d{6}", order.number)
    expect(page.get_by_role("heading", name=f"订单 {order.number}")).to_be_visible()
    expect(page.get_by_test_id("order-status")).to_have_text("已下单")
    enterprise_order_url = page.url
    log_out(page)

    # R3.2/R3.3 The institution finds it under 订单管理 → 企业订单 and makes the contract.
    log_in(page, base + "/accounts/login/", "e2e-seller", PASSWORD)
    page.goto(base + "/center/")
    centre_menu(page).get_by_role("link", name="企业订单").click()
    row = page.get_by_test_id("orders").locator("tr").filter(has_text=order.number)
    expect(row).to_contain_text(ENTERPRISE_NAME)
    expect(row).to_contain_text("已下单")
    row.get_by_role("link", name="查看").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已下单")
    institution_order_url = page.url
    # One click from the order opens the contract form (issue 22).
    page.get_by_test_id("make-contract").click()
    expect(page.get_by_role("heading", name=re.compile("^填写合同"))).to_be_visible()
    contract = Contract.objects.get(order=order)
    assert Order.objects.get(pk=order.pk).status == Order.Status.CONTRACTING

    # R3.4 Fill in the content and 发送给企业.
    expect(page.get_by_label("甲方名称")).to_have_value(ENTERPRISE_NAME)
    expect(page.get_by_label("乙方名称")).to_have_value(INSTITUTION_NAME)
    page.get_by_label("服务内容", exact=True).fill("全年代理记账、纳税申报、年度汇算清缴。")
    page.get_by_label("合同金额（元）").fill("12000")
    page.get_by_label("服务开始日期").fill("2027-01-01")
    page.get_by_label("服务结束日期").fill("2027-12-31")
    page.get_by_label("服务地点").fill("甲方办公地点")
    page.get_by_label("付款方式").fill("合同签订后 5 个工作日内一次性支付。")
    page.get_by_label("验收标准").fill("按月提交账簿与申报回执。")
    page.get_by_label("违约责任").fill("按合同金额千分之一每日计算违约金。")
    page.get_by_label("争议解决").fill("向甲方所在地人民法院起诉。")
    page.get_by_role("button", name="发送给企业").click()
    expect(page.get_by_text("合同已发送给企业确认。")).to_be_visible()
    expect(page.get_by_test_id("contract-status")).to_have_text("待企业确认")
    log_out(page)

    # R3.5 The enterprise reads the 标准合同 and returns it once with a comment.
    log_in(page, base + "/accounts/login/", "e2e-buyer", PASSWORD)
    open_contract_from_order(page, enterprise_order_url)
    standard = page.get_by_test_id("standard-contract")
    expect(standard).to_contain_text(ENTERPRISE_NAME)
    expect(standard).to_contain_text(INSTITUTION_NAME)
    expect(standard).to_contain_text("壹万贰仟元整")
    page.get_by_label("修改意见").fill(RETURN_COMMENT)
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_text("合同已退回服务机构修改。")).to_be_visible()
    expect(page.get_by_test_id("contract-status")).to_have_text("退回修改")
    expect(page.get_by_test_id("return-comment")).to_contain_text(RETURN_COMMENT)
    log_out(page)

    # The institution sees the comment, fixes the payment terms and sends it again.
    log_in(page, base + "/accounts/login/", "e2e-seller", PASSWORD)
    open_contract_from_order(page, institution_order_url)
    expect(page.get_by_test_id("return-comment")).to_contain_text(RETURN_COMMENT)
    page.get_by_role("link", name="填写合同").click()
    expect(page.get_by_role("alert").filter(has_text=RETURN_COMMENT)).to_be_visible()
    page.get_by_label("付款方式").fill(NEW_PAYMENT_TERMS)
    page.get_by_role("button", name="发送给企业").click()
    expect(page.get_by_text("合同已发送给企业确认。")).to_be_visible()
    expect(page.get_by_test_id("contract-status")).to_have_text("待企业确认")
    log_out(page)

    # The enterprise confirms (a confirm dialog) and downloads the stored PDF.
    log_in(page, base + "/accounts/login/", "e2e-buyer", PASSWORD)
    open_contract_from_order(page, enterprise_order_url)
    expect(page.get_by_test_id("standard-contract")).to_contain_text(NEW_PAYMENT_TERMS)
    # The same contract as a PDF before confirming: a 预览稿, never stored as the contract's file.
    with page.expect_download() as preview_info:
        page.get_by_test_id("pdf-preview-link").click()
    preview = preview_info.value
    assert preview.suggested_filename == f"{contract.number}-预览稿.pdf"
    preview.save_as(tmp_path / "preview.pdf")
    assert (tmp_path / "preview.pdf").read_bytes().startswith(b"%PDF")
    assert not Contract.objects.get(pk=contract.pk).pdf
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认合同").click()
    # With the immediate task backend the PDF is made as the confirmation commits: allow for it.
    expect(page.get_by_text("合同已确认，可以下载合同 PDF。")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("contract-status")).to_have_text("已确认")
    with page.expect_download() as download_info:
        page.get_by_test_id("pdf-link").click()
    download = download_info.value
    assert download.suggested_filename == f"{contract.number}.pdf"
    download.save_as(tmp_path / "contract.pdf")
    pdf_bytes = (tmp_path / "contract.pdf").read_bytes()
    assert pdf_bytes.startswith(b"%PDF")
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    expect(page.get_by_test_id("pdf-sha256")).to_have_text(digest)
    contract.refresh_from_db()
    assert contract.pdf_sha256 == digest
    assert Order.objects.get(pk=order.pk).status == Order.Status.CONTRACT_CONFIRMED
    log_out(page)

    # R3.6/R3.7 The institution uploads the signed scan and an invoice, then submits.
    log_in(page, base + "/accounts/login/", "e2e-seller", PASSWORD)
    open_contract_from_order(page, institution_order_url)
    expect(page.get_by_text("请先上传双方签字盖章的合同扫描件，再提交合同。")).to_be_visible()
    page.get_by_label("文件类型").select_option(label="签字盖章合同扫描件")
    page.get_by_label(re.compile(r"^文件\*?$")).set_input_files(png_file("签字盖章.png", "#c00000"))
    page.get_by_role("button", name="上传", exact=True).click()
    documents = page.get_by_test_id("documents")
    expect(documents.locator("tbody tr")).to_have_count(1)
    expect(documents).to_contain_text("签字盖章合同扫描件")
    page.get_by_label("文件类型").select_option(label="发票")
    page.get_by_label(re.compile(r"^文件\*?$")).set_input_files(
        {"name": "发票.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes}
    )
    page.get_by_label("说明").fill("增值税普通发票")
    page.get_by_role("button", name="上传", exact=True).click()
    expect(documents.locator("tbody tr")).to_have_count(2)
    expect(documents).to_contain_text("增值税普通发票")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交合同").click()
    expect(page.get_by_text("合同已提交，合同流程完成。")).to_be_visible()
    expect(page.get_by_test_id("contract-status")).to_have_text("已提交")
    page.goto(institution_order_url)
    expect(page.get_by_test_id("order-status")).to_have_text("合同已提交")
    log_out(page)

    # R3.8 The enterprise confirms the service completed and rates it.
    log_in(page, base + "/accounts/login/", "e2e-buyer", PASSWORD)
    page.goto(enterprise_order_url)
    expect(page.get_by_test_id("order-status")).to_have_text("合同已提交")
    page.get_by_role("button", name="确认服务完成").click()
    expect(page.get_by_test_id("order-status")).to_have_text("服务已完成")
    page.get_by_test_id("evaluate").click()
    expect(page.get_by_role("heading", name="服务评价")).to_be_visible()
    form = page.get_by_test_id("evaluation-form")
    # Each criterion is a group of stars, clicked by their meaning (issue 22).
    for criterion, meaning in (
        ("总体评分", "5 星：很满意"),
        ("服务质量", "5 星：很满意"),
        ("响应速度", "4 星：满意"),
        ("专业水平", "5 星：很满意"),
    ):
        form.get_by_role("group", name=criterion).locator("label", has_text=meaning).click()
    page.get_by_label("评价内容").fill(EVALUATION_COMMENT)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已评价")
    expect(page.get_by_test_id("evaluation")).to_contain_text(EVALUATION_COMMENT)
    expect(page.get_by_test_id("evaluation")).to_contain_text("★★★★★ 5 星：很满意")
    history = page.get_by_test_id("order-history")
    for label in ("下单", "制作合同", "确认合同", "提交合同", "确认服务完成", "评价"):
        expect(history).to_contain_text(label)
    log_out(page)

    # Both sides see the final state and the history.
    log_in(page, base + "/accounts/login/", "e2e-seller", PASSWORD)
    page.goto(institution_order_url)
    expect(page.get_by_test_id("order-status")).to_have_text("已评价")
    expect(page.get_by_test_id("evaluation")).to_contain_text(EVALUATION_COMMENT)
    expect(page.get_by_test_id("order-history")).to_contain_text("确认服务完成")
    expect(page.get_by_test_id("contract-link")).to_contain_text("已提交")
    log_out(page)

    # The provincial admin sees the order and the contract in the Wagtail admin.
    log_in(page, base + "/admin/login/", "admin", ADMIN_PASSWORD)
    page.goto(base + "/admin/marketplace/orders/")
    order_row = page.locator("tr").filter(has_text=order.number)
    expect(order_row).to_have_count(1)
    expect(order_row).to_contain_text("已评价")
    expect(order_row).to_contain_text(ENTERPRISE_NAME)
    page.goto(base + "/admin/contracts/contracts/")
    contract_row = page.locator("tr").filter(has_text=contract.number)
    expect(contract_row).to_have_count(1)
    expect(contract_row).to_contain_text("已提交")
    expect(contract_row).to_contain_text(INSTITUTION_NAME)
