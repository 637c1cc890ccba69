"""Browser: a visitor searches from the header box, reads results grouped by kind with the
words highlighted, narrows them to 服务产品 and opens one."""

import re

import pytest
from playwright.sync_api import expect

from tests.search.builders import site_fixture  # noqa: F401 - the `site` fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def search_site(site, live_server):
    site.policy("关于加大中小企业融资支持力度的通知", summary="支持中小企业拓宽融资渠道。")
    site.activity("银企融资对接会", summary="组织银行与企业面对面融资对接。")
    site.news_page("一季度全省普惠融资情况")
    institution = site.institution("湘江融资服务中心")
    site.service(
        "中小企业融资顾问服务",
        institution,
        summary="为中小企业设计融资方案，对接银行与担保机构。",
    )
    site.service("知识产权质押融资", institution, summary="专利、商标质押融资全程辅导。")
    site.demand("寻求设备融资租赁合作", description="计划引进生产线，寻求融资租赁机构。")
    site.policy("科技创新券管理办法")  # not about 融资
    return live_server


def test_search_from_the_header_narrow_to_services_and_open_one(page, search_site):
    page.goto(search_site.url + "/")
    header_box = page.get_by_role("search").get_by_label("搜索全站")
    header_box.fill("融资")
    header_box.press("Enter")

    page.wait_for_url(re.compile(r"/search/\?q=%E8%9E%8D%E8%B5%84"))
    expect(page.get_by_role("heading", name="站内搜索", level=1)).to_be_visible()
    expect(page.locator("#search-page-q")).to_have_value("融资")
    expect(header_box).to_have_value("融资")

    tabs = page.get_by_role("navigation", name="按类型筛选搜索结果")
    expect(tabs.get_by_role("link", name="全部 7")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name="政策法规 1")).to_be_visible()
    expect(tabs.get_by_role("link", name="服务产品 2")).to_be_visible()
    expect(tabs.get_by_role("link", name="需求 1")).to_be_visible()

    results = page.get_by_test_id("search-results").locator(".search-result")
    expect(results).to_have_count(7)
    expect(page.get_by_role("status")).to_contain_text("共找到 7 条结果")
    for label in ("政策法规", "活动通知", "新闻动态", "服务产品", "需求", "服务机构"):
        expect(results.locator(".search-result__type", has_text=label).first).to_be_visible()
    expect(results.locator("mark", has_text="融资").first).to_be_visible()
    expect(page.get_by_text("科技创新券管理办法")).to_have_count(0)
    policy = results.filter(has_text="关于加大中小企业融资支持力度的通知")
    expect(policy.locator(".search-result__title mark")).to_have_text("融资")
    expect(policy.locator(".search-result__snippet mark")).to_have_text(["融资"])

    tabs.get_by_role("link", name="服务产品 2").click()
    page.wait_for_url(re.compile(r"type=service"))
    expect(tabs.get_by_role("link", name="服务产品 2")).to_have_attribute("aria-current", "page")
    expect(results).to_have_count(2)
    expect(results.locator(".search-result__type")).to_have_text(["服务产品", "服务产品"])
    expect(page.get_by_role("status")).to_contain_text("在“服务产品”中找到 2 条结果")

    service = results.filter(has_text="中小企业融资顾问服务")
    expect(service.locator(".search-result__owner")).to_have_text("湘江融资服务中心")
    expect(service.locator(".search-result__snippet mark").first).to_have_text("融资")
    service.get_by_role("link", name="中小企业融资顾问服务").click()

    page.wait_for_url(re.compile(r"/services/\d+/$"))
    expect(page.get_by_role("heading", name="中小企业融资顾问服务", level=1)).to_be_visible()


def test_nothing_found_keeps_the_query_and_offers_ways_on(page, search_site):
    page.goto(search_site.url + "/search/?q=" + "火星移民")

    expect(page.get_by_text("没有找到与“火星移民”相关的结果")).to_be_visible()
    expect(page.locator("#search-page-q")).to_have_value("火星移民")
    suggestions = page.locator(".search-suggestions")
    suggestions.get_by_role("link", name="服务产品").click()
    page.wait_for_url(re.compile(r"/services/$"))
    expect(page.get_by_role("heading", name="服务产品", level=1)).to_be_visible()
