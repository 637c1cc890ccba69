"""/api/v2/site/: the header navigation, the footer and the home page's sections, for apps."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.factories import StandardPageFactory
from home.models import FooterLink, FooterSettings, NavigationLink, NavigationSettings
from marketplace.members.factories import WindowPlatformFactory
from notices.factories import (
    ActivityNoticePageFactory,
    NewsPageFactory,
    NoticeIndexPageFactory,
    ProjectDeclarationPageFactory,
)
from notices.models import NoticeKind
from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
from tests.marketplace.catalogue_helpers import approved_institution, make_category, make_product

BASE = "https://portal.example"
URL = "/api/v2/site/"


@pytest.fixture(autouse=True)
def api_base_url(settings):
    settings.WAGTAILAPI_BASE_URL = BASE


@pytest.fixture
def site_content(home_page):
    site = Site.objects.get(is_default_site=True)
    about = StandardPageFactory(parent=home_page, title="关于我们", slug="about")
    draft = StandardPageFactory(parent=home_page, title="草稿页", slug="draft", live=False)
    navigation = NavigationSettings.for_site(site)
    navigation.links = [
        NavigationLink(label="首页", link_page=home_page),
        NavigationLink(label="服务产品", link_url="/services/"),
        NavigationLink(label="关于我们", link_page=about),
        NavigationLink(label="草稿", link_page=draft, link_url="/fallback/"),
    ]
    navigation.save()
    footer = FooterSettings.for_site(site)
    footer.organisation = "湖南省工业和信息化厅"
    footer.phone = "0731-88888888"
    footer.icp_number = "湘ICP备00000000号"
    footer.links = [FooterLink(label="中国政府网", link_url="https://www.gov.cn/")]
    footer.save()

    policies = PolicyIndexPageFactory(parent=home_page)
    PolicyPageFactory(parent=policies, title="专精特新十条", slug="ten")
    PolicyPageFactory(parent=policies, title="未发布的政策", live=False)
    declarations = NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.DECLARATION)
    ProjectDeclarationPageFactory(parent=declarations, title="专项资金申报", slug="fund")
    activities = NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.ACTIVITY)
    ActivityNoticePageFactory(parent=activities, title="数字化转型培训", slug="training")
    news = NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.NEWS)
    NewsPageFactory(parent=news, title="服务月启动", slug="month")
    institution = approved_institution(WindowPlatformFactory(), name="星城财税")
    product = make_product(institution, make_category(), name="代理记账")
    make_product(institution, make_category("法律服务", "law"), name="未上架服务", live=False)
    return {"about": about, "policies": policies, "product": product}


def test_navigation_and_footer_as_the_frame_shows_them(client, site_content):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "服务产品" in response.content.decode()  # not \\u escapes
    data = response.json()
    assert data["site"] == {"name": "测试站点", "url": f"{BASE}/"}
    assert data["navigation"] == [
        {"label": "首页", "url": f"{BASE}/"},
        {"label": "服务产品", "url": f"{BASE}/services/"},
        {"label": "关于我们", "url": f"{BASE}/about/"},
        {"label": "草稿", "url": f"{BASE}/fallback/"},  # a draft page is not linked
    ]
    footer = data["footer"]
    assert footer["organisation"] == "湖南省工业和信息化厅"
    assert footer["phone"] == "0731-88888888"
    assert footer["icp_number"] == "湘ICP备00000000号"
    assert footer["links"] == [{"label": "中国政府网", "url": "https://www.gov.cn/"}]


def test_home_sections_are_the_home_pages_own(client, site_content):
    home = client.get(URL).json()["home"]
    assert home["title"] == "湖南省中小企业公共服务平台"
    assert home["banner_text"].startswith("汇聚全省服务资源")
    sections = {section["key"]: section for section in home["sections"]}
    assert sections["policies"]["title"] == "政策法规"
    assert sections["policies"]["link"] == f"{BASE}/policies/"
    assert [item["title"] for item in sections["policies"]["items"]] == ["专精特新十条"]
    assert sections["policies"]["items"][0]["url"] == f"{BASE}/policies/ten/"
    assert sections["declarations"]["items"][0]["url"] == f"{BASE}/declarations/fund/"
    assert sections["declarations"]["items"][0]["status"] == "open"
    assert sections["declarations"]["items"][0]["status_label"] == "申报中"
    assert sections["activities"]["items"][0]["title"] == "数字化转型培训"
    assert sections["news"]["items"][0]["url"] == f"{BASE}/news/month/"
    product = site_content["product"]
    assert sections["services"]["link"] == f"{BASE}/services/"
    assert sections["services"]["items"] == [
        {
            "id": product.pk,
            "title": "代理记账",
            "url": f"{BASE}/services/{product.pk}/",
            "institution_name": "星城财税",
            "price_display": "¥3,000.00",
        }
    ]
    for section in home["sections"]:
        for item in section["items"]:
            assert item["url"].startswith(f"{BASE}/"), item

    # The same sections, in the same order, with the same rows as the HTML home page.
    cache.clear()
    html = client.get("/").content.decode()
    headings = re.findall(r'<h2 id="home-(\w+)-title"', html)
    assert headings == [section["key"] for section in home["sections"]]
    for section in home["sections"]:
        for item in section["items"]:
            assert item["title"] in html
    assert "未发布的政策" not in str(home) and "未上架服务" not in str(home)


def test_unknown_parameters_are_400_in_chinese(client, site_content):
    response = client.get(f"{URL}?lang=en")
    assert response.status_code == 400
    assert "lang" in response.json()["message"]
    assert "不支持" in response.json()["message"]


def test_query_count_does_not_grow_with_content(client, site_content):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    policies = site_content["policies"]
    for number in range(10):
        PolicyPageFactory(parent=policies, slug=f"more-{number}")
    ten = count()
    for number in range(10, 100):
        PolicyPageFactory(parent=policies, slug=f"more-{number}")
    assert count() == ten
