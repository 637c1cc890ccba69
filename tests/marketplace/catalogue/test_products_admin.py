"""Operators' admin for product categories and enterprise products: take-down with a reason."""

import pytest
from django.urls import reverse

from marketplace.catalogue.models import EnterpriseProduct, ProductCategory
from tests.marketplace.products_support import category_tree, collection_root, make_product  # noqa: F401

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")


@pytest.fixture
def categories(db):
    return category_tree()


def test_take_down_with_a_reason_and_restore(client, admin_user, enterprise, categories):
    product = make_product(enterprise, categories[1], name="可疑产品")
    client.force_login(admin_user)
    index = client.get(reverse("enterpriseproduct:index"))
    assert index.status_code == 200 and "平台下架" in index.text
    takedown_url = reverse("enterpriseproduct:takedown", args=[product.pk])
    assert client.get(takedown_url).status_code == 200
    assert client.post(takedown_url, {"takedown_reason": ""}).status_code == 200  # required
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.PUBLISHED
    response = client.post(takedown_url, {"takedown_reason": "图片侵权"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.TAKEN_DOWN
    assert product.takedown_reason == "图片侵权" and product.taken_down_by == admin_user
    client.logout()
    assert client.get(product.get_absolute_url()).status_code == 404
    client.force_login(enterprise.user)
    assert "图片侵权" in client.get(reverse("catalogue:center_products")).text

    client.force_login(admin_user)
    client.post(reverse("enterpriseproduct:restore", args=[product.pk]), {})
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.PUBLISHED


def test_admin_views_and_exports(client, admin_user, enterprise, categories):
    product = make_product(enterprise, categories[1], name="导出产品")
    client.force_login(admin_user)
    for name, args in [
        ("enterpriseproduct:inspect", [product.pk]),
        ("enterpriseproduct:edit", [product.pk]),
        ("productcategory:index", []),
        ("productcategory:add", []),
        ("productcategory:edit", [categories[1].pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    export = client.get(reverse("enterpriseproduct:index") + "?export=csv")
    assert "导出产品" in export.getvalue().decode()
    xlsx = client.get(reverse("enterpriseproduct:index") + "?export=xlsx")
    assert xlsx.status_code == 200


def test_category_tree_is_editable(client, admin_user, categories):
    equipment = categories[0]
    client.force_login(admin_user)
    response = client.post(
        reverse("productcategory:add"),
        {"name": "农业机械", "sort_order": 5, "parent": equipment.pk},
    )
    assert response.status_code == 302
    assert ProductCategory.objects.get(name="农业机械").get_parent() == equipment


def test_non_staff_cannot_take_down(client, enterprise, categories):
    product = make_product(enterprise, categories[1])
    client.force_login(enterprise.user)
    url = reverse("enterpriseproduct:takedown", args=[product.pk])
    assert client.post(url, {"takedown_reason": "x"}).status_code in (302, 403)
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.PUBLISHED
