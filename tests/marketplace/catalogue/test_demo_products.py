"""Demo products: seeded once, idempotent, public, with renditions made at seeding time."""

import io
import random

import pytest

from marketplace.catalogue.demo.products import PRODUCT_COUNT, seed_products
from marketplace.catalogue.models import EnterpriseProduct, ProductCategory
from marketplace.members.demo.enterprises import ENTERPRISE_DEMO_LOGIN, seed_enterprises
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


@pytest.mark.usefixtures("collection_root", "home_page")
def test_the_demo_members_own_images_are_public_where_its_products_show_them(
    client, django_capture_on_commit_callbacks
):
    ctx = DemoContext(stdout=io.StringIO(), rng=random.Random(1))
    with django_capture_on_commit_callbacks(execute=True):
        seed_enterprises(ctx, ctx.rng)
        seed_products(ctx)
    demo = EnterpriseProduct.objects.filter(
        enterprise__user__username=ENTERPRISE_DEMO_LOGIN[0]
    ).first()
    cover = demo.cover.image
    assert cover.is_private and cover.in_public_use
    assert cover.file.name.startswith("members/originals/")
    page = client.get(demo.get_absolute_url()).text
    large = cover.renditions.get(filter_spec="format-jpeg|max-1200x1200").file.name
    assert large.startswith("member-images/")
    assert f'src="/media/{large}"' in page and "/center/media/" not in page
