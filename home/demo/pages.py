"""The home app's demo pages: the site tree's root, the home page and default site, and the
about pages. Idempotent: pages are found by slug under their parent.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage, StandardPage

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


def ensure_tree_root():
    """Wagtail's migrations make the roots; a flushed database (transactional tests) has none."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def site_address(base_url):
    """(hostname, port) of the site served at `base_url`, e.g. ("127.0.0.1", 8000)."""
    parts = urlsplit(base_url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


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
    # The API's html_url and the sitemap are built from the site's host and port: they must be
    # the address the portal is served at (BASE_URL), not a placeholder.
    site.hostname, site.port = site_address(settings.WAGTAILADMIN_BASE_URL)
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
