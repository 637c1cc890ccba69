"""Accessibility (issue 22): axe-core, as bundled by axe-playwright-python (no download), finds
no serious or critical violation on any public page nor on any member-centre page of an
enterprise or an institution.

One site is built for the whole module (factories, a few seconds) and served by a live server of
the module's own, so the pages are checked without rebuilding it for each; at the end the
database is emptied, as a transactional test leaves it, so the module runs after every other
test (`runs_last`, tests/conftest.py). Each member logs in once: its
session cookie is put into the browser before each of its pages. Each page is a test of its
own, named after the page, and a failure lists each violation's rule, impact, help and target
selectors.
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

# `django_db` so that pytest-django sets the test database up; the site itself is committed by
# the module's fixture, outside each test's transaction, where the server's thread sees it.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db, pytest.mark.runs_last]

# What fails the check; "moderate" and "minor" findings are left to judgement.
FAILING_IMPACTS = ("serious", "critical")
# Deliberately empty: no axe rule is switched off. A rule that axe gets wrong here would be
# listed with a one-line reason, e.g. {"rule-id": "why it is a false positive"}.
DISABLED_RULES = {}


@dataclass(frozen=True)
class Screen:
    """One page to check: where it is (from the module's site) and, optionally, what to do there
    first (fill a form, wait for a script)."""

    slug: str  # the test's id
    name: str  # as the portal calls the page
    path: object  # a callable of the site dict, or a plain path
    prepare: object = None

    def url(self, site):
        return site["url"] + (self.path(site) if callable(self.path) else self.path)


def wait_for_swagger(page):
    page.locator(".opblock-tag").first.wait_for()


def fail_login(page):
    page.get_by_label("用户名").fill("no-such-member")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    page.locator(".form-errors, .field__error").first.wait_for()


PUBLIC = [
    Screen("home", "首页", "/"),
    Screen("policy-index", "政策法规", lambda s: s["policy_index"]),
    Screen("policy", "政策详情", lambda s: s["policy"]),
    Screen("activity-index", "活动通知", lambda s: s["activity_index"]),
    Screen("activity", "活动详情", lambda s: s["activity"]),
    Screen("declaration-index", "项目申报", lambda s: s["declaration_index"]),
    Screen("declaration", "项目申报详情", lambda s: s["declaration"]),
    Screen("news-index", "新闻动态", lambda s: s["news_index"]),
    Screen("news", "新闻详情", lambda s: s["news"]),
    Screen("service-list", "服务产品", "/services/"),
    Screen("service", "服务产品详情", lambda s: f"/services/{s['service_product']}/"),
    Screen("product-list", "企业产品", "/products/"),
    Screen("product", "企业产品详情", lambda s: f"/products/{s['enterprise_product']}/"),
    Screen("demand-list", "需求", "/demands/"),
    Screen("demand", "需求详情", lambda s: f"/demands/{s['demand']}/"),
    Screen("institution-list", "服务机构", "/institutions/"),
    Screen("institution", "服务机构详情", lambda s: f"/institutions/{s['institution']}/"),
    Screen("enterprise-list", "企业", "/enterprises/"),
    Screen("enterprise", "企业详情", lambda s: f"/enterprises/{s['enterprise']}/"),
    Screen("search", "搜索结果", "/search/?q=服务"),
    Screen("login", "登录", "/accounts/login/"),
    Screen("login-failed", "登录失败", "/accounts/login/", fail_login),
    Screen("register", "免费注册", "/accounts/register/"),
    Screen("register-enterprise", "企业注册", "/accounts/register/enterprise/"),
    Screen("register-institution", "服务机构注册", "/accounts/register/institution/"),
    Screen("password-reset", "找回密码", "/accounts/password/reset/"),
    Screen("not-found", "404", "/no-such-page/"),
    Screen("api-docs", "接口文档", "/api/v2/docs/", wait_for_swagger),
]
ENTERPRISE = [
    Screen("centre", "企业管理中心", "/center/"),
    Screen("profile", "企业资料", "/center/enterprise/profile/"),
    Screen("products", "产品管理", "/center/products/"),
    Screen("product-new", "新增产品", "/center/products/new/"),
    Screen("demands", "我的需求", "/center/demands/"),
    Screen("demand-new", "发布需求", "/center/demands/new/"),
    Screen("buy", "购买服务", lambda s: f"/services/{s['service_product']}/buy/"),
    Screen("orders", "我的订单", "/center/orders/"),
    Screen("order", "订单详情", lambda s: f"/center/orders/{s['completed_order']}/"),
    Screen("evaluation", "服务评价", lambda s: f"/center/orders/{s['completed_order']}/evaluate/"),
    Screen("contracts", "合同管理", "/center/contracts/"),
    Screen("contract", "待确认合同", lambda s: f"/center/contracts/{s['sent_contract']}/"),
    Screen("inbox", "站内消息", "/center/messages/"),
    Screen("message", "消息详情", lambda s: f"/center/messages/{s['enterprise_message']}/"),
    Screen("images", "图片库", "/center/images/"),
    Screen("signups", "我的报名", "/notices/my-signups/"),
    Screen("password-change", "修改密码", "/accounts/password/change/"),
]
INSTITUTION = [
    Screen("centre", "服务机构中心", "/center/"),
    Screen("qualification", "资质表", "/center/qualification/"),
    Screen("profile", "机构资料", "/center/institution/profile/"),
    Screen("service-products", "服务产品管理", "/center/service-products/"),
    Screen("service-product-new", "新增服务产品", "/center/service-products/new/"),
    Screen("orders", "企业订单", "/center/institution/orders/"),
    Screen("order", "企业订单详情", lambda s: f"/center/institution/orders/{s['draft_order']}/"),
    Screen("contract-form", "制作合同", lambda s: f"/center/contracts/{s['draft_contract']}/edit/"),
    Screen("contract", "合同详情", lambda s: f"/center/contracts/{s['sent_contract']}/"),
    Screen("contracts", "合同管理", "/center/contracts/"),
    Screen("inbox", "站内消息", "/center/messages/"),
    Screen("images", "图片库", "/center/images/"),
    Screen("password-change", "修改密码", "/accounts/password/change/"),
]


def build_site():
    """A small site with one of everything a page shows; returns what the pages' URLs need."""
    from contracts.models import Contract
    from home import demo as home_demo
    from marketplace.members.factories import (
        EnterpriseFactory,
        InstitutionFactory,
        WindowPlatformFactory,
    )
    from marketplace.members.models import Notification, WindowPlatform
    from marketplace.members.workflows import ensure_review_setup
    from marketplace.trade.models import Order
    from notices.factories import (
        ActivityNoticePageFactory,
        NewsPageFactory,
        NoticeIndexPageFactory,
        ProjectDeclarationPageFactory,
    )
    from notices.models import NoticeKind
    from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
    from portal.demo import DemoContext
    from tests.contracts.conftest import fill
    from tests.marketplace.catalogue_helpers import make_category, make_product
    from tests.marketplace.products_support import category_tree, library_image
    from tests.marketplace.products_support import make_product as make_enterprise_product

    ctx = DemoContext(stdout=io.StringIO())
    home_demo.seed(ctx)
    home = home_demo.ensure_home_page(ctx)
    ensure_review_setup()
    policy_index = PolicyIndexPageFactory(parent=home)
    policy = PolicyPageFactory(parent=policy_index)
    indexes = {
        kind: NoticeIndexPageFactory(parent=home, kind=kind)
        for kind in (NoticeKind.ACTIVITY, NoticeKind.DECLARATION, NoticeKind.NEWS)
    }
    activity = ActivityNoticePageFactory(parent=indexes[NoticeKind.ACTIVITY])
    declaration = ProjectDeclarationPageFactory(parent=indexes[NoticeKind.DECLARATION])
    news = NewsPageFactory(parent=indexes[NoticeKind.NEWS])
    home_demo.seed_navigation(ctx)

    province = WindowPlatformFactory(
        name="湖南省中小企业公共服务平台",
        kind=WindowPlatform.Kind.PROVINCE,
        region_code="430000",
        region_name="湖南省",
    )
    changsha = WindowPlatformFactory(
        parent=province, name="长沙市综合性窗口平台", region_code="430100", region_name="长沙市"
    )
    institution = InstitutionFactory(
        user__username="axe-institution",
        platform=changsha,
        name="星城财税服务有限公司",
        approved=True,
    )
    enterprise = EnterpriseFactory(user__username="axe-enterprise", name="湖南麓谷智造有限公司")
    service_product = make_product(institution, make_category())
    library_image(institution.user, name="office.jpg")
    _, machinery, _ = category_tree()
    enterprise_product = make_enterprise_product(
        enterprise, machinery, images=[library_image(enterprise.user, name="digger.jpg")]
    )
    demand = enterprise.demands.create(
        category=service_product.category,
        title="寻找代理记账服务",
        description="每月记账、报税。",
        region_name="长沙市",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        contact_name="张经理",
        contact_phone="13800000000",
    )

    def place():
        return Order.place(enterprise.user, service_product, quantity_or_scope="一年")

    draft = Contract.make_for(place(), institution.user)
    fill(draft, institution.user)
    sent = Contract.make_for(place(), institution.user)
    fill(sent, institution.user)
    sent.send(institution.user)
    completed = place()
    for transition, user in [
        ("start_contract", institution.user),
        ("confirm_contract", enterprise.user),
        ("submit_contract", institution.user),
        ("mark_completed", enterprise.user),
    ]:
        getattr(completed, transition)(user)

    return {
        "policy_index": policy_index.url,
        "policy": policy.url,
        "activity_index": indexes[NoticeKind.ACTIVITY].url,
        "activity": activity.url,
        "declaration_index": indexes[NoticeKind.DECLARATION].url,
        "declaration": declaration.url,
        "news_index": indexes[NoticeKind.NEWS].url,
        "news": news.url,
        "service_product": service_product.pk,
        "enterprise_product": enterprise_product.pk,
        "demand": demand.pk,
        "institution": institution.pk,
        "enterprise": enterprise.pk,
        "draft_order": draft.order_id,
        "draft_contract": draft.pk,
        "sent_contract": sent.pk,
        "completed_order": completed.pk,
        "enterprise_message": Notification.objects.filter(user=enterprise.user).first().pk,
        "cookies": {
            "enterprise": session_cookie(enterprise.user),
            "institution": session_cookie(institution.user),
        },
    }


def session_cookie(user):
    """A logged-in session of `user`: what the browser would hold after logging in."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    # The server thread and this module share the database for the module's whole life.
    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        try:
            site = build_site()
            site["url"] = server.url
            yield site
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def check(page, site, axe, screen, member=None):
    if member:
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": site["cookies"][member],
                    "url": site["url"],
                }
            ]
        )
    response = page.goto(screen.url(site))
    expected_status = 404 if screen.slug == "not-found" else 200
    assert response.status == expected_status, f"{screen.name}: HTTP {response.status}"
    if screen.prepare:
        screen.prepare(page)
    options = {"resultTypes": ["violations"]}
    if DISABLED_RULES:
        options["rules"] = {rule: {"enabled": False} for rule in DISABLED_RULES}
    violations = [
        violation
        for violation in axe.run(page, options=options).response["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]
    if violations:
        pytest.fail(
            f"{screen.name} ({page.url}) has serious or critical accessibility violations:\n"
            + "\n".join(
                f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>\n"
                + "\n".join(f"    {', '.join(map(str, node['target']))}" for node in v["nodes"])
                for v in violations
            ),
            pytrace=False,
        )


@pytest.mark.parametrize("screen", PUBLIC, ids=lambda screen: screen.slug)
def test_public_page_has_no_serious_violation(page, site, axe, screen):
    check(page, site, axe, screen)


@pytest.mark.parametrize("screen", ENTERPRISE, ids=lambda screen: screen.slug)
def test_enterprise_centre_page_has_no_serious_violation(page, site, axe, screen):
    check(page, site, axe, screen, member="enterprise")


@pytest.mark.parametrize("screen", INSTITUTION, ids=lambda screen: screen.slug)
def test_institution_centre_page_has_no_serious_violation(page, site, axe, screen):
    check(page, site, axe, screen, member="institution")
