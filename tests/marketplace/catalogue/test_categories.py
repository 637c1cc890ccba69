"""Service categories: the tree, descendants filtering, and the demo catalogue's seeding."""

import io

import pytest

from marketplace.catalogue.demo.services import CATEGORY_TREE, seed_catalogue, seed_categories
from marketplace.catalogue.models import Demand, ServiceCategory, ServiceProduct
from marketplace.catalogue.models.categories import category_tree
from marketplace.members.factories import EnterpriseFactory
from portal.demo import DemoContext
from tests.marketplace.catalogue_helpers import approved_institution


def test_seeded_tree_and_descendants(db):
    seed_categories()
    seed_categories()  # idempotent
    roots = ServiceCategory.objects.filter(depth=1)
    assert [root.name for root in roots] == [name for name, _slug, _children in CATEGORY_TREE]
    tax = ServiceCategory.objects.get(slug="tax")
    below = ServiceCategory.objects.filter(tax.descendants_filter())
    assert {c.slug for c in below} == {"tax", "bookkeeping", "tax-planning", "audit"}
    tree = category_tree()
    assert tree[1][0].slug == "tax" and [c.slug for c in tree[1][1]][0] == "bookkeeping"


def test_admin_adds_a_child_category(admin_client, db):
    seed_categories()
    tax = ServiceCategory.objects.get(slug="tax")
    response = admin_client.post(
        "/admin/marketplace/service-categories/new/",
        {
            "name": "发票服务",
            "slug": "invoices",
            "sort_order": 5,
            "is_active": "on",
            "parent": tax.pk,
        },
    )
    assert response.status_code == 302
    assert ServiceCategory.objects.get(slug="invoices").get_parent() == tax


def test_seed_catalogue_is_idempotent(changsha):
    approved_institution(changsha)
    EnterpriseFactory()
    ctx = DemoContext(stdout=io.StringIO())
    seed_catalogue(ctx)
    counts = (ServiceProduct.objects.count(), Demand.objects.count())
    assert counts == (200, 100)
    assert ServiceProduct.objects.filter(live=True).exists()
    assert ServiceProduct.objects.filter(review_status="in_review").exists()
    assert Demand.objects.count() > Demand.objects.public().count()
    seed_catalogue(ctx)
    assert (ServiceProduct.objects.count(), Demand.objects.count()) == counts


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
