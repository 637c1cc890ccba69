"""The header navigation of the demo site, written once every app has seeded.

Apps offer their index pages through `ctx.add_navigation`; `seed_navigation` fills the sections
no app has provided (e.g. with `seed_demo --only home`) with a plain page and saves the links.
"""

from wagtail.models import Page, Site

from home.demo.pages import ensure_standard_page
from home.models import NavigationLink, NavigationSettings

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


def seed_navigation(ctx):
    """Runs after every app: fills sections no app has provided yet with a plain page."""
    home = ctx.home_page
    provided = {item.label for item in ctx.navigation}
    for order, label, slug in PLACEHOLDER_SECTIONS:
        if label not in provided:
            # With `--only`, an app not seeded this time may have its index page here already.
            page = Page.objects.child_of(home).filter(slug=slug).first()
            page = page or ensure_standard_page(
                home, slug, label, f"{label}栏目", f"{label}栏目内容建设中。"
            )
            ctx.add_navigation(order, label, page=page)
    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    nav.links = [
        NavigationLink(label=item.label, link_page=item.page, link_url=item.url)
        for item in sorted(ctx.navigation)
    ]
    nav.save()
