"""Demo data of the catalogue app: enterprise products (category tree, 300 products with drawn
images) of the demo enterprises, then the service catalogue (category tree, 200 service products
in every review state, 100 demands) of the approved demo institutions.

The members come first (`marketplace.members.demo`, earlier in `settings.PORTAL_APPS`). The
products are seeded before the service catalogue, both drawing from `ctx.rng`: keep that order,
or the demo data changes. Idempotent.
"""

from marketplace.catalogue.demo.products import seed_products
from marketplace.catalogue.demo.services import seed_catalogue


def seed(ctx):
    ctx.add_navigation(50, "服务产品", url="/services/")
    ctx.add_navigation(60, "企业产品", url="/products/")
    ctx.add_navigation(70, "需求", url="/demands/")
    seed_products(ctx)
    seed_catalogue(ctx)
