"""Notices outside the page itself: API v2, RSS/Atom, sitemap, home sections, admin export."""

from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.factories import (
    ActivityNoticePageFactory,
    ActivitySignUpFactory,
    NewsPageFactory,
    ProjectDeclarationPageFactory,
)
from portal.factories import DocumentFactory

pytestmark = pytest.mark.django_db

DECLARATION_FIELDS = {
    "publish_date",
    "summary",
    "body",
    "cover_image",
    "cover_thumbnail",
    "attachments",
    "declaring_body",
    "competent_department",
    "opens_at",
    "deadline",
    "eligibility",
    "materials",
    "contact",
    "status",
}


def test_api_returns_declaration_fields_and_never_drafts(client, declaration_index):
    from notices.models import DeclarationAttachment

    live = ProjectDeclarationPageFactory(parent=declaration_index, title="公开的申报")
    DeclarationAttachment.objects.create(page=live, document=DocumentFactory(title="申报指南"))
    ProjectDeclarationPageFactory(parent=declaration_index, title="草稿申报", live=False)

    response = client.get(
        "/api/v2/pages/", {"type": "notices.ProjectDeclarationPage", "fields": "*"}
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["公开的申报"]
    assert set(items[0]) >= DECLARATION_FIELDS
    assert items[0]["status"] == "open"
    assert items[0]["attachments"][0]["document"]["id"]
    assert "signups" not in items[0]


def test_api_query_count_does_not_depend_on_items(client, activity_index):
    url = "/api/v2/pages/?type=notices.ActivityNoticePage&limit=100"
    counts = []
    for total in (10, 100):
        while activity_index.get_children().count() < total:
            ActivityNoticePageFactory(parent=activity_index)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()["items"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    print(f"API listing: {counts[0]} queries")


@pytest.mark.parametrize(
    ("route", "root_tag"), [("feed/", "rss"), ("feed/atom/", "{http://www.w3.org/2005/Atom}feed")]
)
def test_feeds_are_valid_xml_with_live_items(client, news_index, route, root_tag):
    NewsPageFactory(
        parent=news_index, title="平台新功能上线", slug="new-feature", summary="在线签订合同"
    )
    NewsPageFactory(parent=news_index, title="未发布的新闻", live=False)
    response = client.get(f"{news_index.url}{route}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/rss+xml" if route == "feed/" else "application/atom+xml"
    )
    root = ElementTree.fromstring(response.content)
    assert root.tag == root_tag
    text = response.content.decode()
    assert "平台新功能上线" in text and "未发布的新闻" not in text
    assert "http://testserver/news/new-feature/" in text


def test_index_page_advertises_its_feeds(client, news_index):
    html = client.get(news_index.url).content.decode()
    assert f'type="application/rss+xml" title="新闻动态 RSS" href="{news_index.url}feed/"' in html


def test_sitemap_lists_notice_pages(client, activity_index, declaration_index, news_index):
    pages = [
        ActivityNoticePageFactory(parent=activity_index),
        ProjectDeclarationPageFactory(parent=declaration_index),
        NewsPageFactory(parent=news_index),
    ]
    draft = NewsPageFactory(parent=news_index, live=False)
    xml = client.get("/sitemap.xml").content.decode()
    for page in [activity_index, declaration_index, news_index, *pages]:
        assert f"http://localhost{page.url}</loc>" in xml
    assert draft.slug not in xml


def test_home_page_shows_notice_sections_with_fixed_queries(
    client, home_page, activity_index, declaration_index, news_index
):
    ProjectDeclarationPageFactory(parent=declaration_index, title="开放中的申报")
    ProjectDeclarationPageFactory(
        parent=declaration_index,
        title="截止的申报",
        opens_at="2020-01-01T00:00Z",
        deadline="2020-02-01T00:00Z",
    )
    ActivityNoticePageFactory(parent=activity_index, title="下周的培训会")
    NewsPageFactory(parent=news_index, title="最新新闻")
    client.get("/")  # warm site caches
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        html = client.get("/").content.decode()
    for text in ["开放中的申报", "下周的培训会", "最新新闻"]:
        assert text in html
    assert "截止的申报" not in html

    for number in range(10):
        NewsPageFactory(parent=news_index, title=f"更多新闻{number}")
    cache.clear()
    with CaptureQueriesContext(connection) as cold_more:
        client.get("/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/")
    assert len(cold) == len(cold_more)
    assert len(warm) < len(cold)
    print(f"home: cold {len(cold)} queries, warm {len(warm)}")


def test_home_sections_disappear_without_content(client, home_page):
    html = client.get("/").content.decode()
    assert "home-declarations-title" not in html


def test_editors_reach_the_signup_list_and_export(client, admin_user, activity_index):
    activity = ActivityNoticePageFactory(parent=activity_index, title="融资对接会")
    ActivitySignUpFactory(activity=activity, name="李四", organisation="长沙某科技公司")
    client.force_login(admin_user)
    listing = client.get("/admin/activity_signups/", {"activity": activity.pk})
    assert listing.status_code == 200
    assert "李四" in listing.content.decode()

    csv = client.get("/admin/activity_signups/", {"export": "csv"})
    assert csv.status_code == 200
    content = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "姓名" in content and "李四" in content and "融资对接会" in content
    xlsx = client.get("/admin/activity_signups/", {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx["Content-Type"]


def test_plain_member_cannot_reach_the_signup_admin(client, user):
    client.force_login(user)
    for query in ({}, {"export": "csv"}):
        response = client.get("/admin/activity_signups/", query)
        assert response.status_code in (302, 403)
