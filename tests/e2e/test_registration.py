"""A visitor registers an enterprise and completes its profile in a real browser (R1.1, R2.1)."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded_live_server(live_server):
    # The home page (with its 免费注册 link) is all this journey needs.
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


def logo_png():
    buffer = io.BytesIO()
    Image.new("RGB", (160, 160), "#c8102e").save(buffer, format="PNG")
    return buffer.getvalue()


def test_enterprise_registers_and_completes_its_profile(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    page.get_by_role("link", name="免费注册").first.click()
    enterprise_card = page.get_by_role("region", name="企业注册")
    enterprise_card.get_by_role("link", name="点击注册").click()

    page.get_by_label("用户名").fill("e2e-company")
    page.locator("#id_password1").fill("Xiang-Jiang-2026!")
    page.get_by_label("确认密码").fill("Xiang-Jiang-2026!")
    page.get_by_label("企业名称").fill("湖南浏阳河智能科技有限公司")
    page.get_by_label("电子邮箱").fill("e2e@example.com")
    page.get_by_label("手机号码").fill("13812345678")
    page.get_by_role("button", name="立即注册").click()

    page.wait_for_url("**/center/enterprise/profile/")
    assert page.get_by_role("heading", name="企业管理中心").is_visible()
    assert page.get_by_text("请先完善企业资料").is_visible()

    page.get_by_label("统一社会信用代码").fill("91440300708461136T")
    page.get_by_label("行政区划代码").fill("430181")
    page.get_by_label("所在地区").fill("浏阳市")
    page.get_by_label("所属行业").select_option("C")
    page.get_by_label("企业规模").select_option("small")
    page.get_by_label("详细地址").fill("湖南省浏阳市经开区康宁路 8 号")
    page.get_by_label("联系人").fill("刘经理")
    page.get_by_label("企业简介").fill("生产智能烟花燃放控制设备。")
    page.get_by_label("企业标志").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()}
    )
    page.get_by_role("button", name="修改并提交").click()

    assert page.get_by_text("企业资料已保存。").is_visible()
    assert page.get_by_test_id("completeness").inner_text() == "100%"
    # A native <progress> (no style attribute under the CSP): its value is its ARIA value.
    assert page.get_by_role("progressbar").get_attribute("value") == "100"
