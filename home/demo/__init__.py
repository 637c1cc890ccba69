"""Demo data of the home app: the site tree's root, the home page and default site, the about
pages and the footer (`seed`), and the header navigation (`seed_navigation`, which
`portal.demo.seed_all` runs after every app has offered its items). Idempotent.

`ensure_tree_root` and `ensure_home_page` are here for the tests that build a site without the
whole demo.
"""

from wagtail.models import Site

from home.demo.footer import ensure_footer
from home.demo.navigation import seed_navigation
from home.demo.pages import ABOUT_PAGES, ensure_home_page, ensure_standard_page, ensure_tree_root

__all__ = ["ensure_home_page", "ensure_tree_root", "seed", "seed_navigation"]


def seed(ctx):
    home = ensure_home_page(ctx)
    pages = [ensure_standard_page(home, *args) for args in ABOUT_PAGES]
    ensure_footer(Site.objects.get(is_default_site=True), pages)
    ctx.add_navigation(10, "首页", page=home)
