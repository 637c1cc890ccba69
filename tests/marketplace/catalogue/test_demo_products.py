"""Demo products: seeded once, idempotent, public, with renditions made at seeding time."""

import io
import random

import pytest

from marketplace.catalogue.demo.products import PRODUCT_COUNT, seed_products
from marketplace.catalogue.models import EnterpriseProduct, ProductCategory
from marketplace.members.demo.enterprises import seed_enterprises
from portal.demo import DemoContext
from tests.marketplace.products_support import collection_root  # noqa: F401


@pytest.mark.usefixtures("collection_root")
def test_seed_products_is_idempotent(db):
    ctx = DemoContext(stdout=io.StringIO(), rng=random.Random(1))
    seed_enterprises(ctx, ctx.rng)
    seed_products(ctx)
    seed_products(ctx)
    assert EnterpriseProduct.objects.public().count() == PRODUCT_COUNT
    assert ProductCategory.objects.filter(depth=1).count() == 7
    product = EnterpriseProduct.objects.first()
    assert product.cover is not None and product.cover.renditions_ready
