"""A visitor finds provincial policies from the home page and reads one (R1.8, R2.7, R4.2)."""

import io
import re

import pytest

from home import demo as home_demo
from policies import demo as policies_demo
from portal.demo import DemoContext

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def policies_live_server(live_server):
    # Only the apps this test needs, so it does not depend on other apps' demo data.
    ctx = DemoContext(stdout=io.StringIO())
    home_demo.seed(ctx)
    policies_demo.seed(ctx)
    home_demo.seed_navigation(ctx)
    return live_server


def test_visitor_filters_policies_by_level_across_pages(page, policies_live_server):
    page.goto(policies_live_server.url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策法规").click()
    page.wait_for_url("**/policies/")
    assert page.get_by_role("heading", name="政策法规", level=1).is_visible()

    page.get_by_label("级别").select_option(label="省级")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"level=provincial"))
    rows = page.locator(".policy-list__item")
    assert rows.count() == 15
    assert rows.locator(".badge", has_text="省级").count() == 15

    page.get_by_role("link", name="下一页").click()
    page.wait_for_url(re.compile(r"level=provincial.*page=2|page=2.*level=provincial"))
    assert page.get_by_label("级别").input_value() == "provincial"
    assert page.get_by_text("第 2 / 2 页").is_visible()
    second_page_rows = page.locator(".policy-list__item")
    assert second_page_rows.count() >= 1
    assert second_page_rows.locator(".badge", has_text="国家级").count() == 0

    first = second_page_rows.first.locator(".item-list__title")
    title = first.inner_text()
    first.click()
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    facts = page.locator("dl.policy-facts")
    assert facts.get_by_text("文号", exact=True).is_visible()
    number = facts.locator("dt:text-is('文号') + dd").inner_text()
    assert "〔" in number or "公告" in number
