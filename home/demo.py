"""Demo data of the home app: the site tree's root, footer and navigation, about pages."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from home.models import (
    FooterLink,
    FooterSettings,
    HomePage,
    NavigationLink,
    NavigationSettings,
    StandardPage,
)

HOME_INTRO = (
    "<p>湖南省中小企业公共服务平台由省工业和信息化厅指导建设，联合全省14个市州综合性窗口平台、"
    "产业集群窗口平台和各类服务机构，为中小企业提供政策咨询、融资担保、财税服务、法律服务、"
    "知识产权、管理咨询、人才培训、技术创新、数字化转型和市场开拓等公共服务。</p>"
)

ABOUT_PAGES = [
    (
        "about",
        "关于平台",
        "平台定位、建设单位与服务体系。",
        "湖南省中小企业公共服务平台是全省中小企业公共服务体系的枢纽，"
        "以“政策直达、服务对接、助企发展”为宗旨，整合政府服务、社会服务、SAAS服务和专家资源。",
    ),
    (
        "guide",
        "服务指南",
        "企业和服务机构如何注册、发布与交易。",
        "企业免费注册后完善企业资料，即可发布产品和需求；服务机构注册后填写资质表，"
        "经所属窗口平台审核通过后发布服务产品。企业在线购买服务，双方在线制作并确认标准合同。",
    ),
    (
        "contact",
        "联系我们",
        "服务热线、地址与工作时间。",
        "服务热线：0731-88888888（工作日 9:00–17:30）。地址：湖南省长沙市开福区三一大道。",
    ),
]

# The header's default order; later apps add their index pages through ctx.add_navigation.
PLACEHOLDER_SECTIONS = [
    (20, "政策法规", "policies"),
    (30, "活动通知", "activities"),
    (40, "项目申报", "declarations"),
    (50, "服务产品", "services"),
    (60, "企业产品", "products"),
    (70, "需求", "demands"),
    (80, "服务机构", "institutions"),
]


def ensure_tree_root():
    """Wagtail's migrations make the roots; a flushed database (transactional tests) has none."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def ensure_home_page(ctx):
    root = ensure_tree_root()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="首页",
            slug="home",
            banner_title="湖南省中小企业公共服务平台",
            banner_text="汇聚全省服务资源，为中小企业提供政策、融资、人才、技术、市场等一站式公共服务。",
            intro=HOME_INTRO,
        )
        # Wagtail's first migration leaves a "Welcome" page at the root's slug "home".
        for welcome in root.get_children().exclude(content_type__model="homepage"):
            if welcome.slug == "home":
                welcome.slug = "wagtail-welcome"
                welcome.save()
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    site.hostname = "localhost"
    site.port = 80
    site.site_name = "湖南省中小企业公共服务平台"
    site.root_page = home
    site.save()
    # The welcome page is of no use once our home page is the site's root.
    for welcome in root.get_children().exclude(pk=home.pk).filter(depth=2):
        if welcome.specific_class is Page:
            welcome.delete()
    ctx.home_page = home
    return home


def ensure_standard_page(parent, slug, title, introduction, text):
    page = StandardPage.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = StandardPage(
            title=title,
            slug=slug,
            introduction=introduction,
            body=[("paragraph", f"<p>{text}</p>")],
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def ensure_footer(site, pages):
    footer = FooterSettings.for_site(site)
    footer.organisation = "湖南省工业和信息化厅"
    footer.operator = "湖南省中小企业服务中心"
    footer.address = "湖南省长沙市开福区三一大道 1 号"
    footer.phone = "0731-88888888"
    footer.email = "service@smehn.example.cn"
    footer.service_hours = "工作日 9:00–17:30"
    footer.icp_number = "湘ICP备00000000号"
    footer.copyright = "© 湖南省中小企业公共服务平台 版权所有"
    footer.links = [FooterLink(label=page.title, link_page=page) for page in pages]
    footer.save()


def seed(ctx):
    home = ensure_home_page(ctx)
    pages = [ensure_standard_page(home, *args) for args in ABOUT_PAGES]
    ensure_footer(Site.objects.get(is_default_site=True), pages)
    ctx.add_navigation(10, "首页", page=home)


def seed_navigation(ctx):
    """Runs after every app: fills sections no app has provided yet with a plain page."""
    home = ctx.home_page
    provided = {item.label for item in ctx.navigation}
    for order, label, slug in PLACEHOLDER_SECTIONS:
        if label not in provided:
            page = ensure_standard_page(
                home, slug, label, f"{label}栏目", f"{label}栏目内容建设中。"
            )
            ctx.add_navigation(order, label, page=page)
    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    nav.links = [
        NavigationLink(label=item.label, link_page=item.page, link_url=item.url)
        for item in sorted(ctx.navigation)
    ]
    nav.save()
