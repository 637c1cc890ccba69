"""Print, as JSON, the URLs `make bench` drives: one of each kind of page the portal serves.

Targets come from what exists in the database, so the list grows as apps land. Detail pages are
measured on a demo row and, when `seed_demo --scale N` added bulk rows, on a scale row too (one
from the middle of the bulk, so the page reads what a typical row at that scale reads). Run only
against a throw-away benchmark database: it sets a known password on one member of each kind.
"""

import json

from django.apps import apps
from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page

from portal.demo_scale import SCALE_PREFIX

BENCH_PASSWORD = "Bench-Pass-2026"
SCALE_POLICY_SLUG = f"{SCALE_PREFIX}policy-"


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _first_live(label):
    model = _model(label)
    if model is None:
        return None
    pages = model.objects.live().public()
    return pages.exclude(slug__startswith=SCALE_PREFIX).order_by("-pk").first()


def _middle(queryset):
    """The row in the middle of `queryset` by primary key, or None."""
    count = queryset.count()
    return queryset.order_by("pk")[count // 2] if count else None


def _details(name, queryset, member, url):
    """Detail targets: a demo row and, when there are bulk rows, a scale row.

    `queryset` holds the public rows; scale rows are those whose member's username (the
    `member` lookup, e.g. "user__username") carries the scale marker.
    """
    targets = []
    demo = queryset.exclude(**{f"{member}__startswith": SCALE_PREFIX}).order_by("pk").first()
    scale = _middle(queryset.filter(**{f"{member}__startswith": SCALE_PREFIX}))
    for label, row in (("", demo), (" (scale row)", scale)):
        if row is not None:
            targets.append({"name": f"{name} detail{label}", "kind": "detail", "path": url(row)})
    return targets


def _page_targets():
    targets = [{"name": "首页 home", "kind": "home", "path": "/"}]
    indexes = [
        ("policies.PolicyIndexPage", "政策法规 index", "?level=provincial"),
        ("notices.NoticeIndexPage", "通知 index", "?status=open"),
    ]
    for label, name, filtered in indexes:
        model = _model(label)
        if model is None:
            continue
        for index in model.objects.live().public():
            targets.append({"name": f"{name} {index.slug}", "kind": "index", "path": index.url})
            targets.append(
                {
                    "name": f"{name} {index.slug} filtered",
                    "kind": "index",
                    "path": index.url + filtered,
                }
            )
    for label in (
        "policies.PolicyPage",
        "notices.ActivityNoticePage",
        "notices.ProjectDeclarationPage",
        "notices.NewsPage",
    ):
        page = _first_live(label)
        if page is not None:
            targets.append({"name": f"{label} detail", "kind": "detail", "path": page.url})
    policy_model = _model("policies.PolicyPage")
    if policy_model is not None:
        scale = _middle(
            policy_model.objects.live().public().filter(slug__startswith=SCALE_POLICY_SLUG)
        )
        if scale is not None:
            targets.append(
                {
                    "name": "policies.PolicyPage detail (scale row)",
                    "kind": "detail",
                    "path": scale.url,
                }
            )
    standard = Page.objects.live().filter(depth=3).order_by("path").first()
    if standard is not None:
        targets.append({"name": "content page", "kind": "detail", "path": standard.url})
    return targets


def _marketplace_targets():
    targets = []
    institution_model = _model("members.Institution")
    if institution_model is not None:
        targets.append({"name": "服务机构 directory", "kind": "index", "path": "/institutions/"})
        targets += _details(
            "服务机构",
            institution_model.objects.approved(),
            "user__username",
            lambda row: f"/institutions/{row.pk}/",
        )
    listings = [
        (
            "catalogue.ServiceProduct",
            "服务产品",
            "/services/",
            "?category=finance",
            "institution",
        ),
        ("catalogue.EnterpriseProduct", "企业产品", "/products/", "?sort=name", "enterprise"),
        ("catalogue.Demand", "需求", "/demands/", "?category=finance", "enterprise"),
    ]
    for label, name, path, filtered, owner in listings:
        model = _model(label)
        if model is None:
            continue
        targets.append({"name": f"{name} index", "kind": "index", "path": path})
        targets.append({"name": f"{name} index filtered", "kind": "index", "path": path + filtered})
        targets += _details(
            name,
            model.objects.public(),
            f"{owner}__user__username",
            lambda row: row.get_absolute_url(),
        )
    return targets


def _api_targets():
    targets = [
        {"name": "API pages", "kind": "api", "path": "/api/v2/pages/"},
        {"name": "API images", "kind": "api", "path": "/api/v2/images/"},
    ]
    # An app asking again with the ETag it holds: answered 304 before the view or the page
    # cache (portal/api_http_cache.py). bench/run.py fetches the current ETag just before.
    targets.append(
        {
            "name": "API pages revalidated (If-None-Match)",
            "kind": "api",
            "path": "/api/v2/pages/",
            "revalidate": True,
            "expect": 304,
        }
    )
    if _model("policies.PolicyPage") is not None:
        targets.append(
            {
                "name": "API policies",
                "kind": "api",
                "path": "/api/v2/pages/?type=policies.PolicyPage&fields=document_number",
            }
        )
    if _model("members.Institution") is not None:
        targets.append({"name": "API institutions", "kind": "api", "path": "/api/v2/institutions/"})
    for label, endpoint in (
        ("catalogue.ServiceProduct", "service-products"),
        ("catalogue.EnterpriseProduct", "products"),
        ("catalogue.Demand", "demands"),
    ):
        if _model(label) is not None:
            targets.append(
                {"name": f"API {endpoint}", "kind": "api", "path": f"/api/v2/{endpoint}/"}
            )
    return targets


# Real terms a visitor types (policy titles, services, industries): the `search-fresh` target
# asks for a different triple of them on every request (bench/wrk_fresh_search.lua), so neither
# the page cache nor any per-query cache can answer it.
FRESH_SEARCH_TERMS = """
政策 补贴 融资 贷款 担保 税收 减税 专精特新 小巨人 数字化转型
智能制造 技术改造 知识产权 专利 商标 人才 培训 招聘 社保 创业 孵化
科技 研发 检验检测 认证 法律 财税 代理记账 审计 咨询 管理 市场 展会
出口 外贸 物流 工业互联网 绿色 节能 环保 安全生产 质量 标准 品牌
电子商务 直播 农业 食品 医药 机械 汽车 新材料 新能源 电子信息 软件
长沙 株洲 湘潭 衡阳 岳阳
""".split()  # noqa: SIM905 - a list literal would spread over 60 lines


def _member_login():
    """The demo enterprise's login, with the bench's known password (None without members)."""
    enterprise_model = _model("members.Enterprise")
    if enterprise_model is None:
        return None
    members = enterprise_model.objects.exclude(user__username__startswith=SCALE_PREFIX)
    enterprise = members.select_related("user").order_by("pk").first()
    if enterprise is None:
        return None
    enterprise.user.set_password(BENCH_PASSWORD)
    enterprise.user.save(update_fields=["password"])
    return {"username": enterprise.user.username, "password": BENCH_PASSWORD}


def _member_public_targets(page_targets, login):
    """A signed-in member reading public pages (no page cache serves a member): the home page,
    the first index and the first detail of `page_targets`."""
    if login is None:
        return []
    chosen = [page_targets[0]] if page_targets else []
    for kind in ("index", "detail"):
        chosen += [target for target in page_targets if target["kind"] == kind][:1]
    return [
        {
            "name": f"会员浏览 {target['name']}",
            "kind": "member-public",
            "path": target["path"],
            "login": login,
        }
        for target in chosen
    ]


def _member_targets(login):
    if login is None:
        return []
    # The pages themselves: /center/ only redirects to 企业资料 (a redirect is not a page).
    pages = (
        ("企业管理中心 企业资料", "members:center_enterprise_profile"),
        ("企业管理中心 产品管理", "catalogue:center_products"),
        ("企业管理中心 我的订单", "trade:center_orders"),
    )
    targets = [
        {"name": name, "kind": "member", "path": reverse(url_name), "login": login}
        for name, url_name in pages
    ]
    # The same member through the member API: a token from /api/v2/auth/token/ (bench/run.py).
    for name, url_name in (
        ("会员接口 我的资料", "memberapi:me"),
        ("会员接口 我的消息", "memberapi:messages"),
        ("会员接口 我的订单", "memberapi:orders"),
    ):
        try:
            path = reverse(url_name)
        except NoReverseMatch:
            continue
        targets.append({"name": name, "kind": "member-api", "path": path, "api_login": login})
    return targets


class Command(BaseCommand):
    help = "Print the benchmark's target URLs as JSON (benchmark databases only)."

    def handle(self, *args, **options):
        page_targets = _page_targets()
        login = _member_login()
        targets = [
            {"name": "ceiling (minimal view)", "kind": "ceiling", "path": "/__bench__/ceiling"},
            *page_targets,
            *_marketplace_targets(),
            *_api_targets(),
            *_member_targets(login),
            *_member_public_targets(page_targets, login),
            # Last: at large scales a slow search leaves requests queued behind it.
            {"name": "search", "kind": "search", "path": "/search/?q=%E6%94%BF%E7%AD%96"},
            {
                "name": "search 数字化转型",
                "kind": "search",
                "path": "/search/?q=%E6%95%B0%E5%AD%97%E5%8C%96%E8%BD%AC%E5%9E%8B",
            },
            {
                "name": "search fresh (new terms each request)",
                "kind": "search-fresh",
                "path": "/search/?q=",
                "fresh_terms": FRESH_SEARCH_TERMS,
            },
        ]
        self.stdout.write(json.dumps(targets, ensure_ascii=False))
