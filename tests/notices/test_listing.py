"""Notice indexes: filters, ordering, pagination, bad input, caching and query counts."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notices.factories import (
    ActivityNoticePageFactory,
    NewsPageFactory,
    ProjectDeclarationPageFactory,
)
from notices.listing import PER_PAGE
from notices.models import DeclarationStatus, NoticeIndexPage, ProjectDeclarationPage
from notices.models.declarations import declaration_status

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.notice.title for item in response.context["listing"].items]


def declaration(index, title, *, opens_in, closes_in, **kwargs):
    now = timezone.now()
    return ProjectDeclarationPageFactory(
        parent=index,
        title=title,
        opens_at=now + timedelta(days=opens_in),
        deadline=now + timedelta(days=closes_in),
        **kwargs,
    )


@pytest.fixture
def declarations(declaration_index):
    return {
        "closed-long-ago": declaration(declaration_index, "早已截止", opens_in=-90, closes_in=-30),
        "closed": declaration(declaration_index, "刚截止", opens_in=-60, closes_in=-1),
        "soon": declaration(declaration_index, "即将截止", opens_in=-20, closes_in=3),
        "open-late": declaration(declaration_index, "申报中乙", opens_in=-5, closes_in=60),
        "open": declaration(declaration_index, "申报中甲", opens_in=-5, closes_in=20),
        "not-started": declaration(declaration_index, "未开始", opens_in=10, closes_in=40),
    }


def test_declaration_status_is_computed_from_the_window():
    now = timezone.now()
    day = timedelta(days=1)
    assert declaration_status(now + day, now + 30 * day, now) == DeclarationStatus.NOT_STARTED
    assert declaration_status(now - day, now + 30 * day, now) == DeclarationStatus.OPEN
    assert declaration_status(now - day, now + 7 * day, now) == DeclarationStatus.CLOSING_SOON
    assert declaration_status(now - day, now + 8 * day, now) == DeclarationStatus.OPEN
    assert declaration_status(now - 9 * day, now, now) == DeclarationStatus.CLOSED


def test_declaration_index_sorts_by_deadline_current_first(client, declarations, declaration_index):
    response = client.get(declaration_index.url)
    assert titles(response) == ["即将截止", "申报中甲", "未开始", "申报中乙", "刚截止", "早已截止"]
    html = response.content.decode()
    for label, badge in [
        ("即将截止", "badge--warning"),
        ("申报中", "badge--success"),
        ("已截止", "badge--danger"),
        ("未开始", "badge--muted"),
    ]:
        assert f'<span class="badge {badge}">{label}</span>' in html


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("not_started", ["未开始"]),
        ("open", ["申报中甲", "申报中乙"]),
        ("closing_soon", ["即将截止"]),
        ("closed", ["刚截止", "早已截止"]),
    ],
)
def test_declaration_status_filter(client, declarations, declaration_index, status, expected):
    assert titles(client.get(declaration_index.url, {"status": status})) == expected


def test_closed_declaration_page_says_it_is_closed(client, declarations):
    html = client.get(declarations["closed"].url).content.decode()
    assert "本项目申报已截止" in html
    open_html = client.get(declarations["open"].url).content.decode()
    assert "本项目申报已截止" not in open_html
    assert "申报中" in open_html


def test_year_filter_narrows_and_survives_pagination(client, news_index):
    for number in range(PER_PAGE + 3):
        NewsPageFactory(
            parent=news_index, title=f"2025年新闻{number}", publish_date=date(2025, 5, 1)
        )
    NewsPageFactory(parent=news_index, title="2024年新闻", publish_date=date(2024, 3, 1))

    first = client.get(news_index.url, {"year": "2025"})
    assert len(titles(first)) == PER_PAGE
    html = first.content.decode()
    assert 'href="?year=2025&amp;page=2"' in html
    assert '<option value="2024">2024</option>' in html

    second = client.get(news_index.url, {"year": "2025", "page": "2"})
    assert len(titles(second)) == 3
    assert all(title.startswith("2025") for title in titles(second))
    assert titles(client.get(news_index.url, {"year": "2024"})) == ["2024年新闻"]


def test_activity_status_filter(client, activity_index):
    now = timezone.now()
    ActivityNoticePageFactory(
        parent=activity_index,
        title="已结束的活动",
        start_at=now - timedelta(days=3),
        end_at=now - timedelta(days=2),
    )
    ActivityNoticePageFactory(
        parent=activity_index,
        title="进行中的活动",
        start_at=now - timedelta(hours=1),
        end_at=now + timedelta(hours=2),
    )
    ActivityNoticePageFactory(parent=activity_index, title="即将开始的活动")
    assert titles(client.get(activity_index.url, {"status": "ended"})) == ["已结束的活动"]
    assert titles(client.get(activity_index.url, {"status": "ongoing"})) == ["进行中的活动"]
    assert titles(client.get(activity_index.url, {"status": "upcoming"})) == ["即将开始的活动"]
    assert titles(client.get(activity_index.url))[-1] == "已结束的活动"


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "nonsense"},
        {"page": "999"},
        {"page": "abc"},
        {"page": "-1"},
        {"year": "abc"},
        {"year": "99999"},
        {"status": "nonsense"},
        {"status": "open", "year": "1800", "page": "0"},
    ],
)
def test_bad_filters_never_fail(client, declarations, declaration_index, query):
    response = client.get(declaration_index.url, query)
    assert response.status_code == 200
    assert titles(response)  # invalid values are ignored, the listing still shows


def test_filter_form_is_plain_get_html(client, declarations, declaration_index):
    html = client.get(declaration_index.url).content.decode()
    assert f'<form class="filters" method="get" action="{declaration_index.url}"' in html
    assert 'name="status"' in html and 'name="year"' in html


def test_drafts_and_other_kinds_are_not_listed(client, declaration_index, news_index):
    declaration(declaration_index, "草稿申报", opens_in=-1, closes_in=10, live=False)
    NewsPageFactory(parent=news_index, title="一条新闻")
    assert titles(client.get(declaration_index.url)) == []
    assert "暂无内容" in client.get(declaration_index.url).content.decode()


def test_publishing_shows_at_once_in_the_cached_index(client, declaration_index):
    declaration(declaration_index, "第一条", opens_in=-1, closes_in=10)
    assert "第一条" in client.get(declaration_index.url).content.decode()  # now cached

    draft = declaration(declaration_index, "新发布的申报", opens_in=-1, closes_in=20, live=False)
    assert "新发布的申报" not in client.get(declaration_index.url).content.decode()
    draft.save_revision().publish()
    assert "新发布的申报" in client.get(declaration_index.url).content.decode()

    ProjectDeclarationPage.objects.get(pk=draft.pk).unpublish()
    assert "新发布的申报" not in client.get(declaration_index.url).content.decode()


def test_index_pages_only_under_the_home_page():
    assert NoticeIndexPage.parent_page_types == ["home.HomePage"]
    assert ProjectDeclarationPage.parent_page_types == ["notices.NoticeIndexPage"]
    assert ProjectDeclarationPage.subpage_types == []


def test_notice_kinds_can_only_be_created_under_their_own_index(activity_index, news_index):
    from notices.models import ActivityNoticePage, NewsPage

    assert ActivityNoticePage.can_create_at(activity_index)
    assert not ActivityNoticePage.can_create_at(news_index)
    assert NewsPage.can_create_at(news_index)
    assert not ProjectDeclarationPage.can_create_at(activity_index)


def count_queries(client, url, query=None):
    client.get(url, query)  # warm Wagtail's per-process caches (site root paths)
    cache.clear()  # then measure a cold fragment cache: the listing really runs
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url, query).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url, query).status_code == 200
    return len(cold), len(warm)


FACTORIES = {
    "activity_index": ActivityNoticePageFactory,
    "declaration_index": ProjectDeclarationPageFactory,
    "news_index": NewsPageFactory,
}


@pytest.mark.parametrize("index_fixture", sorted(FACTORIES))
def test_index_query_count_does_not_depend_on_items(client, request, index_fixture):
    index = request.getfixturevalue(index_fixture)
    make = FACTORIES[index_fixture]
    counts = {}
    for total in (3, 10, 100):
        while index.get_children().count() < total:
            make(parent=index)
        counts[total] = count_queries(client, index.url, {"year": str(timezone.localdate().year)})
    # 3 rows vs a full page of 10 rows vs 100 items: the same queries; fewer on a warm cache.
    assert counts[3] == counts[10] == counts[100], counts
    cold, warm = counts[100]
    assert warm < cold
    print(f"{index_fixture}: cold {cold} queries, warm {warm}")


def test_cached_listing_varies_by_language(client, declarations, declaration_index):
    assert "筛选" in client.get(declaration_index.url).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(declaration_index.url).content.decode()
    assert '<html lang="en">' in html
    assert html.count("申报中甲") == 1  # the listing itself still renders (from its own cache)
