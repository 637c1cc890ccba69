"""/api/v2/products/ (R4.3): public products only, filters, renditions, fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.catalogue.models import EnterpriseProduct
from marketplace.members.factories import EnterpriseFactory
from tests.marketplace.products_support import (
    category_tree,
    library_image,
    make_product,
)

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")

API_URL = reverse("wagtailapi:products:listing")


@pytest.fixture
def categories(db):
    return category_tree()


def test_lists_public_products_with_rendition_urls(client, enterprise, categories):
    equipment, machinery, electronics = categories
    image = library_image(enterprise.user)
    product = make_product(enterprise, machinery, images=[image], price="10.00")
    make_product(enterprise, machinery, name="下架", status=EnterpriseProduct.Status.TAKEN_DOWN)
    make_product(EnterpriseFactory(user__is_active=False), machinery, name="停用")
    other = make_product(EnterpriseFactory(), electronics, name="芯片")
    data = client.get(API_URL).json()
    assert data["meta"]["total_count"] == 2
    item = next(i for i in data["items"] if i["id"] == product.pk)
    assert item["category"] == machinery.pk and item["category_name"] == "工程机械"
    assert item["price"] == "10.00" and item["price_negotiable"] is False
    (main,) = item["main_images"]
    expected = image.get_rendition("format-jpeg|fill-600x600").url
    assert main["medium"]["jpeg"] == "http://testserver" + expected
    assert set(main) == {"id", "alt", "large", "medium", "thumbnail"}
    assert main["large"]["webp"].endswith(".webp")
    assert "user" not in item and "takedown_reason" not in item

    ids = lambda query: {i["id"] for i in client.get(API_URL, query).json()["items"]}  # noqa: E731
    assert ids({"category": equipment.pk}) == {product.pk}
    assert ids({"category": electronics.pk}) == {other.pk}
    assert ids({"enterprise": enterprise.pk}) == {product.pk}
    assert ids({"category": 99999}) == set()
    assert client.get(API_URL, {"category": "abc"}).status_code == 400
    assert client.get(API_URL, {"status": "taken_down"}).status_code == 400
    hidden = EnterpriseProduct.objects.get(name="下架")
    assert client.get(reverse("wagtailapi:products:detail", args=[hidden.pk])).status_code == 404


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow(client, categories):
    enterprise = EnterpriseFactory()
    images = [library_image(enterprise.user, f"{n}.jpg") for n in range(2)]
    for number in range(10):
        make_product(enterprise, categories[1], name=f"产品{number}", images=images)
    url = API_URL + "?limit=100"
    with_ten = _queries(client, url)
    for number in range(90):
        make_product(enterprise, categories[1], name=f"更多{number}", images=images)
    assert _queries(client, url) == with_ten
    assert len(client.get(url).json()["items"]) == 100
