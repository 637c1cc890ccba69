"""Builders for the site-search tests: one public record of each kind, and the hidden ones."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from wagtail.actions.unpublish import UnpublishAction
from wagtail.models import PageViewRestriction

from marketplace.catalogue.models import Demand, EnterpriseProduct, ProductCategory, ServiceProduct
from marketplace.members.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    WindowPlatformFactory,
)
from marketplace.members.workflows import ensure_review_setup, submit_for_review
from notices.factories import (
    ActivityNoticePageFactory,
    NewsPageFactory,
    NoticeIndexPageFactory,
    ProjectDeclarationPageFactory,
)
from notices.models import NoticeKind
from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
from portal.factories import SuperUserFactory
from tests.marketplace.catalogue_helpers import make_category, make_product

KINDS = (
    "policy",
    "activity",
    "declaration",
    "news",
    "service",
    "product",
    "demand",
    "institution",
)


@dataclass
class Site:
    home: object
    policies: object
    activities: object
    declarations: object
    news: object
    platform: object
    service_category: object
    product_category: object

    def institution(self, name="星城企业服务中心", *, approved=True, **fields):
        return InstitutionFactory(platform=self.platform, name=name, approved=approved, **fields)

    def enterprise(self, name="湖南麓谷智造有限公司", **fields):
        return EnterpriseFactory(name=name, **fields)

    def policy(self, title, summary="", **fields):
        return PolicyPageFactory(parent=self.policies, title=title, summary=summary, **fields)

    def activity(self, title, summary="", **fields):
        return ActivityNoticePageFactory(
            parent=self.activities, title=title, summary=summary, **fields
        )

    def declaration(self, title, summary="", **fields):
        return ProjectDeclarationPageFactory(
            parent=self.declarations, title=title, summary=summary, **fields
        )

    def news_page(self, title, summary="", **fields):
        return NewsPageFactory(parent=self.news, title=title, summary=summary, **fields)

    def service(self, name, institution=None, *, live=True, **fields):
        institution = institution or self.institution(f"{name}机构")
        fields.setdefault("summary", "为中小企业提供专业服务。")
        return make_product(institution, self.service_category, live=live, name=name, **fields)

    def product(self, name, enterprise=None, **fields):
        fields.setdefault("summary", "企业自主研发的产品。")
        return EnterpriseProduct.objects.create(
            enterprise=enterprise or self.enterprise(f"{name}公司"),
            category=self.product_category,
            name=name,
            **fields,
        )

    def demand(self, title, enterprise=None, **fields):
        fields.setdefault("description", "需要专业机构协助。")
        fields.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=30))
        return Demand.objects.create(
            enterprise=enterprise or self.enterprise(f"{title}公司"),
            category=self.service_category,
            title=title,
            region_name="长沙市",
            contact_name="王经理",
            contact_phone="13800000000",
            **fields,
        )

    def one_of_each(self, word):
        """One public record of every kind with `word` in its title or name."""
        return {
            "policy": self.policy(f"关于{word}的若干措施", summary=f"支持中小企业{word}。"),
            "activity": self.activity(f"{word}对接会", summary=f"{word}对接活动。"),
            "declaration": self.declaration(f"{word}项目申报通知"),
            "news": self.news_page(f"{word}工作综述"),
            "service": self.service(f"{word}咨询服务"),
            "product": self.product(f"{word}管理软件"),
            "demand": self.demand(f"寻求{word}合作"),
            "institution": self.institution(f"{word}服务机构"),
        }


@pytest.fixture(name="site")
def site_fixture(home_page):
    ensure_review_setup()
    province = WindowPlatformFactory(name="湖南省平台", kind="province")
    return Site(
        home=home_page,
        policies=PolicyIndexPageFactory(parent=home_page),
        activities=NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.ACTIVITY),
        declarations=NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.DECLARATION),
        news=NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.NEWS),
        platform=WindowPlatformFactory(parent=province, name="长沙市综合性窗口平台"),
        service_category=make_category("融资服务", "financing"),
        product_category=ProductCategory.add_root(name="装备制造", sort_order=1),
    )


def hidden_records(site, word):
    """Records with `word` in their title that the public must never find, by reason."""
    hidden = {}
    hidden["draft policy"] = site.policy(f"{word}草稿政策", live=False)
    private = site.policy(f"{word}内部政策")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    hidden["private policy"] = private
    hidden["unpublished news"] = site.news_page(f"{word}新闻草稿", live=False)

    institution = site.institution("隐藏测试机构")
    hidden["service draft"] = site.service(f"{word}草稿服务", institution, live=False)
    in_review = site.service(f"{word}审核中服务", institution, live=False)
    submit_for_review(ServiceProduct.objects.get(pk=in_review.pk), institution.user)
    hidden["service in review"] = in_review
    rejected = site.service(f"{word}未通过服务", institution, live=False)
    state = submit_for_review(ServiceProduct.objects.get(pk=rejected.pk), institution.user)
    task_state = state.current_task_state
    reviewer = SuperUserFactory(username="search-reviewer")
    task_state.task.specific.on_action(task_state, reviewer, "reject", comment="材料不全")
    hidden["service rejected"] = rejected
    withdrawn = site.service(f"{word}已下架服务", institution)
    UnpublishAction(withdrawn, user=institution.user).execute(skip_permission_checks=True)
    hidden["service withdrawn"] = withdrawn
    unapproved = site.institution("未审核机构", approved=False)
    hidden["service of unapproved institution"] = site.service(f"{word}机构未审核服务", unapproved)
    inactive = site.institution("停用账号机构", user__is_active=False)
    hidden["service of inactive institution"] = site.service(f"{word}账号停用服务", inactive)

    hidden["product withdrawn"] = site.product(
        f"{word}下架产品", status=EnterpriseProduct.Status.WITHDRAWN
    )
    hidden["product taken down"] = site.product(
        f"{word}平台下架产品", status=EnterpriseProduct.Status.TAKEN_DOWN
    )
    hidden["product of inactive enterprise"] = site.product(
        f"{word}停用企业产品", site.enterprise("停用企业", user__is_active=False)
    )
    hidden["demand closed"] = site.demand(f"{word}已关闭需求", status=Demand.Status.CLOSED)
    hidden["demand taken down"] = site.demand(f"{word}已下架需求", status=Demand.Status.TAKEN_DOWN)
    hidden["demand expired"] = site.demand(
        f"{word}过期需求", deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    hidden["demand of inactive enterprise"] = site.demand(
        f"{word}停用企业需求", site.enterprise("停用企业二", user__is_active=False)
    )
    hidden["unapproved institution"] = site.institution(f"{word}未审核服务机构", approved=False)
    hidden["institution of inactive account"] = site.institution(
        f"{word}停用服务机构", user__is_active=False
    )
    return hidden
