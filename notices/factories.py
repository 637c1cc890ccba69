"""Factories for notice pages and sign-ups, shared by tests and `seed_demo`."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from notices.models import (
    ActivityNoticePage,
    ActivitySignUp,
    NewsPage,
    NoticeIndexPage,
    NoticeKind,
    ProjectDeclarationPage,
)
from portal.factories import UserFactory

INDEX_SLUGS = {
    NoticeKind.ACTIVITY: "activities",
    NoticeKind.DECLARATION: "declarations",
    NoticeKind.NEWS: "news",
}


class NoticeIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda index: NoticeKind(index.kind).label)
    slug = factory.LazyAttribute(lambda index: INDEX_SLUGS[index.kind])
    kind = NoticeKind.ACTIVITY

    class Meta:
        model = NoticeIndexPage


class NoticePageFactory(wagtail_factories.PageFactory):
    summary = "面向全省中小企业的公共服务信息。"
    publish_date = factory.LazyFunction(timezone.localdate)

    class Meta:
        abstract = True


class ActivityNoticePageFactory(NoticePageFactory):
    title = factory.Sequence(lambda n: f"中小企业数字化转型培训会（第{n}期）")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    start_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    end_at = factory.LazyAttribute(lambda page: page.start_at + timedelta(hours=3))
    place = "长沙市岳麓区麓谷企业广场"
    organiser = "湖南省中小企业服务中心"
    capacity = 50

    class Meta:
        model = ActivityNoticePage


class ProjectDeclarationPageFactory(NoticePageFactory):
    title = factory.Sequence(lambda n: f"省级专精特新项目申报通知（第{n}批）")
    slug = factory.Sequence(lambda n: f"declaration-{n}")
    declaring_body = "在湘注册的中小微企业"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    class Meta:
        model = ProjectDeclarationPage


class NewsPageFactory(NoticePageFactory):
    title = factory.Sequence(lambda n: f"全省中小企业服务月活动综述（{n}）")
    slug = factory.Sequence(lambda n: f"news-{n}")
    source = "湖南省工业和信息化厅"

    class Meta:
        model = NewsPage


class ActivitySignUpFactory(DjangoModelFactory):
    activity = factory.SubFactory(ActivityNoticePageFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.Faker("name", locale="zh_CN")
    organisation = factory.Faker("company", locale="zh_CN")
    phone = factory.Sequence(lambda n: f"138{n:08d}")

    class Meta:
        model = ActivitySignUp
