"""Browser: a member signs up for an activity; full and closed states read clearly."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from home.demo import ensure_home_page
from notices.factories import (
    ActivityNoticePageFactory,
    ActivitySignUpFactory,
    NoticeIndexPageFactory,
    ProjectDeclarationPageFactory,
)
from notices.models import NoticeKind
from portal.demo import DemoContext
from portal.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "portal-pass-2026"  # UserFactory's


@pytest.fixture
def notices_site(live_server):
    home = ensure_home_page(DemoContext(stdout=io.StringIO()))
    activities = NoticeIndexPageFactory(parent=home, kind=NoticeKind.ACTIVITY, title="活动通知")
    declarations = NoticeIndexPageFactory(
        parent=home, kind=NoticeKind.DECLARATION, title="项目申报"
    )
    open_activity = ActivityNoticePageFactory(parent=activities, title="专精特新企业融资对接会")
    full_activity = ActivityNoticePageFactory(
        parent=activities, title="名额已满的培训会", capacity=1
    )
    ActivitySignUpFactory(activity=full_activity)
    now = timezone.now()
    closed = ProjectDeclarationPageFactory(
        parent=declarations,
        title="已截止的项目申报",
        opens_at=now - timedelta(days=60),
        deadline=now - timedelta(days=1),
    )
    member = UserFactory(username="e2e-member", display_name="王五")
    return {
        "url": live_server.url,
        "activities": activities,
        "open": open_activity,
        "full": full_activity,
        "closed": closed,
        "member": member,
    }


def log_in(page, site, next_path):
    page.goto(f"{site['url']}/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(site["member"].username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{next_path}")


def test_member_signs_up_from_the_index_and_sees_it_in_my_signups(page, notices_site):
    site = notices_site
    log_in(page, site, site["activities"].url)
    page.get_by_role("link", name="专精特新企业融资对接会").click()
    page.wait_for_url(f"**{site['open'].url}")

    page.get_by_label("单位名称").fill("湖南示范科技有限公司")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_role("button", name="提交报名").click()
    assert page.get_by_text("报名成功").is_visible()

    page.get_by_role("link", name="我的报名").first.click()
    page.wait_for_url("**/notices/my-signups/")
    assert page.get_by_role("link", name="专精特新企业融资对接会").is_visible()


def test_full_activity_shows_the_refusal(page, notices_site):
    site = notices_site
    log_in(page, site, site["full"].url)
    assert page.get_by_text("报名人数已满").is_visible()
    assert page.get_by_role("button", name="提交报名").count() == 0


def test_closed_declaration_says_it_is_closed(page, notices_site):
    page.goto(notices_site["url"] + notices_site["closed"].url)
    assert page.get_by_text("本项目申报已截止").is_visible()
