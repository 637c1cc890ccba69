import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded_live_server(live_server):
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


def test_home_page_renders_in_chinese_with_navigation(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    nav = page.get_by_role("navigation", name="主导航")
    for label in [
        "首页",
        "政策法规",
        "活动通知",
        "项目申报",
        "服务产品",
        "企业产品",
        "需求",
        "服务机构",
    ]:
        assert nav.get_by_role("link", name=label, exact=True).is_visible()
    assert page.get_by_role("link", name="免费注册").first.is_visible()
    assert page.get_by_role("link", name="登录", exact=True).is_visible()


def test_phone_sized_screen_keeps_the_header_usable(browser, seeded_live_server):
    phone = browser.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    try:
        phone.goto(seeded_live_server.url + "/")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "the page must not scroll sideways on a phone"
        assert phone.get_by_role("searchbox").is_visible()
    finally:
        phone.close()


def test_editor_logs_into_the_admin(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/admin/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("Portal-Admin-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    assert page.locator("html").get_attribute("lang").lower().startswith("zh")
    assert page.get_by_text("仪表板").first.is_visible() or page.title()
