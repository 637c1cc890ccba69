"""API v2 of notices: an activity's sign-up state, status and year filters, status labels."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notices.factories import (
    ActivityNoticePageFactory,
    ActivitySignUpFactory,
    NewsPageFactory,
    ProjectDeclarationPageFactory,
)

pytestmark = pytest.mark.django_db

ACTIVITIES = "/api/v2/pages/?type=notices.ActivityNoticePage"
DECLARATIONS = "/api/v2/pages/?type=notices.ProjectDeclarationPage"


def _items(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def _by_title(items):
    return {item["title"]: item for item in items}


def test_signup_state_without_who_signed_up(client, activity_index):
    limited = ActivityNoticePageFactory(parent=activity_index, title="限额培训", capacity=3)
    for name in ("张三", "李四"):
        ActivitySignUpFactory(activity=limited, name=name, phone="13800000001")
    full = ActivityNoticePageFactory(parent=activity_index, title="满额培训", capacity=1)
    ActivitySignUpFactory(activity=full)
    ActivityNoticePageFactory(parent=activity_index, title="不限名额", capacity=None)
    ActivityNoticePageFactory(
        parent=activity_index,
        title="已截止",
        signup_deadline=timezone.now() - timedelta(hours=1),
    )
    ActivityNoticePageFactory(parent=activity_index, title="线下报名", signup_enabled=False)

    response = client.get(f"{ACTIVITIES}&fields=signup")
    items = _by_title(response.json()["items"])
    assert items["限额培训"]["signup"] == {
        "enabled": True,
        "open": True,
        "capacity": 3,
        "count": 2,
        "remaining": 1,
        "full": False,
        "deadline": items["限额培训"]["signup"]["deadline"],
    }
    assert items["满额培训"]["signup"]["full"] is True
    assert items["满额培训"]["signup"]["open"] is False
    assert items["满额培训"]["signup"]["remaining"] == 0
    assert items["不限名额"]["signup"]["capacity"] is None
    assert items["不限名额"]["signup"]["remaining"] is None
    assert items["不限名额"]["signup"]["open"] is True
    assert items["已截止"]["signup"]["open"] is False
    assert items["线下报名"]["signup"]["open"] is False
    assert items["线下报名"]["signup"]["enabled"] is False
    # The deadline is the start when none is set.
    assert items["限额培训"]["signup"]["deadline"].startswith(
        limited.start_at.astimezone(timezone.get_current_timezone()).date().isoformat()
    )
    text = response.content.decode()
    for private in ("张三", "李四", "13800000001", "signups"):
        assert private not in text


def test_signup_state_on_the_detail_view(client, activity_index):
    activity = ActivityNoticePageFactory(parent=activity_index, capacity=5)
    ActivitySignUpFactory(activity=activity)
    detail = client.get(f"/api/v2/pages/{activity.pk}/").json()
    assert detail["signup"]["count"] == 1
    assert detail["signup"]["remaining"] == 4
    assert detail["status"] == "upcoming"
    assert detail["status_label"] == "即将开始"


def test_activity_listing_with_signups_runs_fixed_queries(client, activity_index):
    url = f"{ACTIVITIES}&fields=signup,status,status_label&limit=100"

    def add(count):
        for _ in range(count):
            activity = ActivityNoticePageFactory(parent=activity_index)
            ActivitySignUpFactory(activity=activity)

    add(10)
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        assert len(_items(client, url)) == 10
    add(90)
    with CaptureQueriesContext(connection) as hundred:
        items = _items(client, url)
    assert len(items) == 100
    assert {item["signup"]["count"] for item in items} == {1}
    assert len(hundred) == len(ten)


def test_activity_status_filter_and_labels(client, activity_index):
    now = timezone.now()
    ActivityNoticePageFactory(
        parent=activity_index, title="未开始", start_at=now + timedelta(days=2)
    )
    ActivityNoticePageFactory(
        parent=activity_index,
        title="进行中",
        start_at=now - timedelta(hours=1),
        end_at=now + timedelta(hours=1),
    )
    ActivityNoticePageFactory(
        parent=activity_index,
        title="已结束",
        start_at=now - timedelta(days=3),
        end_at=now - timedelta(days=2),
        signup_deadline=now - timedelta(days=4),
    )
    for status, title, label in [
        ("upcoming", "未开始", "即将开始"),
        ("ongoing", "进行中", "进行中"),
        ("ended", "已结束", "已结束"),
    ]:
        items = _items(client, f"{ACTIVITIES}&status={status}&fields=status,status_label")
        assert [item["title"] for item in items] == [title]
        assert items[0]["status"] == status
        assert items[0]["status_label"] == label


def test_declaration_status_filter_and_labels(client, declaration_index):
    now = timezone.now()
    ProjectDeclarationPageFactory(
        parent=declaration_index,
        title="未开始",
        opens_at=now + timedelta(days=3),
        deadline=now + timedelta(days=40),
    )
    ProjectDeclarationPageFactory(parent=declaration_index, title="申报中")
    ProjectDeclarationPageFactory(
        parent=declaration_index,
        title="即将截止",
        opens_at=now - timedelta(days=10),
        deadline=now + timedelta(days=2),
    )
    ProjectDeclarationPageFactory(
        parent=declaration_index,
        title="已截止",
        opens_at=now - timedelta(days=30),
        deadline=now - timedelta(days=1),
    )
    expected = {
        "not_started": ("未开始", "未开始"),
        "open": ("申报中", "申报中"),
        "closing_soon": ("即将截止", "即将截止"),
        "closed": ("已截止", "已截止"),
    }
    for status, (title, label) in expected.items():
        items = _items(client, f"{DECLARATIONS}&status={status}&fields=status,status_label")
        assert [item["title"] for item in items] == [title], status
        assert (items[0]["status"], items[0]["status_label"]) == (status, label)


def test_year_filter(client, declaration_index, news_index):
    ProjectDeclarationPageFactory(
        parent=declaration_index, title="去年的申报", publish_date="2025-03-01"
    )
    ProjectDeclarationPageFactory(
        parent=declaration_index, title="今年的申报", publish_date="2026-03-01"
    )
    NewsPageFactory(parent=news_index, title="2025年的新闻", publish_date="2025-05-01")
    NewsPageFactory(parent=news_index, title="2026年的新闻", publish_date="2026-05-01")
    assert [item["title"] for item in _items(client, f"{DECLARATIONS}&year=2025")] == ["去年的申报"]
    news = _items(client, "/api/v2/pages/?type=notices.NewsPage&year=2026")
    assert [item["title"] for item in news] == ["2026年的新闻"]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (f"{ACTIVITIES}&status=open", ("status", "upcoming、ongoing、ended")),
        (f"{DECLARATIONS}&status=ended", ("status", "not_started、open、closing_soon、closed")),
        (f"{DECLARATIONS}&year=abc", ("year", "2000", "2100")),
        (f"{ACTIVITIES}&year=1999", ("year",)),
        (f"{ACTIVITIES}&year={'9' * 5000}", ("year",)),  # never parsed as a huge number
    ],
)
def test_bad_filter_values_are_400_in_chinese(
    client, activity_index, declaration_index, url, words
):
    ActivityNoticePageFactory(parent=activity_index)
    response = client.get(url)
    assert response.status_code == 400
    message = response.json()["message"]
    assert "参数" in message
    for word in words:
        assert word in message


def test_an_empty_filter_is_the_forms_all(client, activity_index):
    ActivityNoticePageFactory(parent=activity_index, title="公开活动")
    assert [item["title"] for item in _items(client, f"{ACTIVITIES}&status=&year=")] == ["公开活动"]


def test_drafts_are_absent_whatever_the_filter(client, activity_index):
    ActivityNoticePageFactory(parent=activity_index, title="草稿活动", live=False)
    ActivityNoticePageFactory(parent=activity_index, title="公开活动")
    items = _items(client, f"{ACTIVITIES}&status=upcoming&fields=signup")
    assert [item["title"] for item in items] == ["公开活动"]
