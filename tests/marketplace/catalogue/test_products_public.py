"""企业产品 on the public portal: listing, detail, filters, caching, query counts, renditions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model

from marketplace.catalogue.models import EnterpriseProduct
from marketplace.members.factories import EnterpriseFactory
from portal.cache import bump_content_version
from tests.marketplace.products_support import (
    category_tree,
    library_image,
    make_product,
)

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")

LIST_URL = reverse("catalogue:product_list")
Rendition = get_image_model().get_rendition_model()


@pytest.fixture
def categories(db):
    return category_tree()


def names(client, query=None):
    response = client.get(LIST_URL, query or {})
    assert response.status_code == 200
    return [product.name for product in response.context["products"]]


def test_lists_public_products_only(client, enterprise, categories):
    machinery = categories[1]
    make_product(enterprise, machinery, name="在售产品")
    make_product(enterprise, machinery, name="自己下架", status=EnterpriseProduct.Status.WITHDRAWN)
    make_product(enterprise, machinery, name="平台下架", status=EnterpriseProduct.Status.TAKEN_DOWN)
    disabled = EnterpriseFactory(user__is_active=False)
    hidden = make_product(disabled, machinery, name="停用账号的产品")
    assert names(client) == ["在售产品"]
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_filters_sorting_and_pagination(client, categories):
    equipment, machinery, electronics = categories
    changsha = EnterpriseFactory(region_code="430100", region_name="长沙市")
    zhuzhou = EnterpriseFactory(region_code="430200", region_name="株洲市")
    make_product(changsha, machinery, name="B 挖掘机", price="100.00")
    make_product(zhuzhou, electronics, name="A 芯片")
    make_product(zhuzhou, machinery, name="C 起重机")
    assert set(names(client, {"category": equipment.pk})) == {"B 挖掘机", "C 起重机"}
    assert names(client, {"category": electronics.pk}) == ["A 芯片"]
    assert set(names(client, {"region": "430200"})) == {"A 芯片", "C 起重机"}
    assert names(client, {"price": "priced"}) == ["B 挖掘机"]
    assert set(names(client, {"price": "negotiable"})) == {"A 芯片", "C 起重机"}
    assert names(client, {"sort": "name"}) == ["A 芯片", "B 挖掘机", "C 起重机"]
    assert names(client, {"sort": "newest"})[0] == "C 起重机"
    # Nonsense is ignored, never an error page.
    assert (
        len(names(client, {"category": "x", "price": "free", "sort": "?", "region": "x" * 9})) == 3
    )
    for number in range(25):
        make_product(changsha, machinery, name=f"批量{number}")
    bump_content_version("marketplace")
    text = client.get(LIST_URL, {"category": equipment.pk}).text
    assert f"category={equipment.pk}&amp;page=2" in text


def test_detail_shows_the_product_with_pre_generated_renditions(client, enterprise, categories):
    images = [library_image(enterprise.user, f"{n}.jpg") for n in "ab"]
    product = make_product(
        enterprise,
        categories[1],
        images=images,
        price="99.50",
        unit="台",
        specifications="额定功率：36 kW",
        description='<p>描述<img src="/media/x.jpg" width="300"></p>',
    )
    text = client.get(product.get_absolute_url()).text
    assert "¥99.50 / 台" in text and "额定功率" in text and "36 kW" in text
    assert "装备制造" in text and "工程机械" in text  # the category trail
    large = images[0].get_rendition("format-jpeg|max-1200x1200").url
    large_webp = images[0].get_rendition("format-webp|max-1200x1200").url
    thumb = images[1].get_rendition("format-jpeg|fill-200x200").url
    assert large in text and large_webp in text and thumb in text
    assert 'type="image/webp"' in text


def test_public_requests_never_create_renditions(client, enterprise, categories):
    ready = library_image(enterprise.user, "ready.jpg")
    product = make_product(enterprise, categories[1], images=[ready])
    # An image whose background task has not run yet: its renditions do not exist.
    pending = library_image(enterprise.user, "pending.jpg")
    pending.renditions.all().delete()
    pending_product = make_product(enterprise, categories[1], images=[pending], name="图片处理中")
    before = Rendition.objects.count()
    for url in (
        LIST_URL,
        product.get_absolute_url(),
        pending_product.get_absolute_url(),
        reverse("wagtailapi:products:listing"),
        reverse("wagtailapi:products:detail", args=[pending_product.pk]),
    ):
        assert client.get(url).status_code == 200, url
    assert Rendition.objects.count() == before
    assert "图片准备中" in client.get(pending_product.get_absolute_url()).text


def test_publishing_shows_at_once_despite_the_fragment_cache(
    enterprise_client, enterprise, categories
):
    image = library_image(enterprise.user)
    make_product(enterprise, categories[1], name="第一件")
    bump_content_version("marketplace")
    assert "第一件" in enterprise_client.get(LIST_URL).text
    enterprise_client.post(
        reverse("catalogue:center_product_create"),
        {"category": categories[1].pk, "name": "第二件", "main_images": [image.pk]},
    )
    assert "第二件" in enterprise_client.get(LIST_URL).text
    product = EnterpriseProduct.objects.get(name="第二件")
    enterprise_client.post(reverse("catalogue:center_product_withdraw", args=[product.pk]))
    assert product.get_absolute_url() not in enterprise_client.get(LIST_URL).text


def _queries(client, url):
    client.get(url)  # warm per-process caches (site, settings)
    bump_content_version("marketplace")  # measure a fragment-cache miss
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_listing_query_count_does_not_grow_with_products(client, categories):
    enterprise = EnterpriseFactory()
    images = [library_image(enterprise.user, f"{n}.jpg") for n in range(3)]
    for number in range(10):
        make_product(enterprise, categories[1], name=f"产品{number}", images=images[:2])
    with_ten = _queries(client, LIST_URL)
    detail_ten = _queries(client, EnterpriseProduct.objects.first().get_absolute_url())
    for number in range(90):
        make_product(enterprise, categories[1], name=f"更多{number}", images=images)
    with_hundred = _queries(client, LIST_URL)
    assert with_ten == with_hundred, (with_ten, with_hundred)
    assert _queries(client, EnterpriseProduct.objects.first().get_absolute_url()) == detail_ten
    print(f"listing queries: {with_ten}; detail: {detail_ten}")


def test_home_page_shows_latest_products_without_rendering_images(client, enterprise, categories):
    image = library_image(enterprise.user)
    make_product(enterprise, categories[1], name="首页上的产品", images=[image])
    before = Rendition.objects.count()
    text = client.get("/").text
    assert "首页上的产品" in text and image.get_rendition("format-jpeg|fill-200x200").url in text
    assert Rendition.objects.count() == before
