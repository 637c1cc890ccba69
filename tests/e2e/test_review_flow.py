"""R1.3–R1.5 in a real browser: an institution submits, its platform's reviewer rejects then
approves in the Wagtail admin, and the institution goes public; another platform sees nothing."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from marketplace.members.demo.qualifications import png_scan_bytes
from marketplace.members.factories import InstitutionFactory, make_credit_code
from marketplace.members.models import WindowPlatform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "portal-pass-2026"  # portal.factories.UserFactory
INSTITUTION_NAME = "浏览器测试财税服务社"


@pytest.fixture
def seeded_live_server(live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


@pytest.fixture
def new_institution(seeded_live_server):
    platform = WindowPlatform.objects.get(reviewers__username="reviewer-changsha")
    return InstitutionFactory(
        user__username="e2e-institution", platform=platform, name=INSTITUTION_NAME
    )


def log_in(page, url, username, password):
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def log_out(page):
    page.context.clear_cookies()


def review_in_admin(page, base_url, username, password, action, comment=""):
    log_in(page, base_url + "/admin/login/", username, password)
    page.goto(base_url + "/admin/marketplace/review-queue/")
    row = page.get_by_test_id("review-queue-row").filter(has_text=INSTITUTION_NAME)
    row.get_by_role("button", name=action, exact=True).click()
    if comment:
        page.get_by_label("退回原因").fill(comment)
        page.locator(".modal form button[type=submit]").click()
    # Done when the decision has been saved and the queue reloaded without this submission;
    # leaving earlier would abort the request in flight.
    expect(row).to_have_count(0, timeout=20_000)
    log_out(page)


def test_submit_reject_resubmit_approve(page, seeded_live_server, new_institution, tmp_path):
    base = seeded_live_server.url
    scan = tmp_path / "licence.png"
    scan.write_bytes(png_scan_bytes())

    # The institution fills in its 资质表 with a licence scan and submits it.
    log_in(page, base + "/accounts/login/", "e2e-institution", PASSWORD)
    page.goto(base + "/center/qualification/")
    page.get_by_label("机构全称").fill(INSTITUTION_NAME)
    page.get_by_label("统一社会信用代码").fill(make_credit_code("430100"))
    page.get_by_label("法定代表人").fill("赵一")
    page.get_by_label("营业执照扫描件").set_input_files(str(scan))
    page.get_by_label("服务范围").fill("代理记账")
    page.get_by_label("联系人").fill("钱二")
    page.get_by_label("联系电话").fill("0731-12345678")
    page.get_by_role("button", name="提交审核").click()
    assert (
        page.get_by_role("status")
        .filter(has_text="资质信息已提交，请等待所属窗口平台审核。")
        .first.is_visible()
    )
    assert page.get_by_test_id("qualification-status-label").inner_text() == "审核中"
    log_out(page)

    # A reviewer of another platform sees none of it.
    log_in(page, base + "/admin/login/", "reviewer-zhuzhou", "Reviewer-Zhuzhou-2026")
    page.goto(base + "/admin/marketplace/review-queue/")
    assert INSTITUTION_NAME not in page.content()
    page.goto(base + "/admin/marketplace/qualifications/")
    assert INSTITUTION_NAME not in page.content()
    log_out(page)

    # The reviewer of its platform rejects it with a reason.
    review_in_admin(
        page, base, "reviewer-changsha", "Reviewer-Changsha-2026", "退回修改", "请上传清晰的执照"
    )

    # The member sees 未通过 and the reason, fixes the form and resubmits.
    log_in(page, base + "/accounts/login/", "e2e-institution", PASSWORD)
    page.goto(base + "/center/qualification/")
    assert page.get_by_test_id("qualification-status-label").inner_text() == "未通过"
    assert page.get_by_test_id("rejection-comment").inner_text() == "请上传清晰的执照"
    page.get_by_label("营业执照扫描件").set_input_files(str(scan))
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_test_id("qualification-status-label").inner_text() == "审核中"
    log_out(page)

    # The reviewer approves; the institution appears in the public directory.
    review_in_admin(page, base, "reviewer-changsha", "Reviewer-Changsha-2026", "审核通过")
    page.goto(base + "/institutions/")
    assert INSTITUTION_NAME in page.content()
    log_in(page, base + "/accounts/login/", "e2e-institution", PASSWORD)
    page.goto(base + "/center/qualification/")
    assert page.get_by_test_id("qualification-status-label").inner_text() == "已通过"
