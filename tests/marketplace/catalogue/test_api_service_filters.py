"""API v2 of the catalogue: the 服务产品 directory's filters, labels of coded values, and the
enterprise product category tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalogue.models import ProductCategory
from tests.marketplace.catalogue_helpers import approved_institution, make_category, make_product

URL = "/api/v2/service-products/"


def _names(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json()["items"])


@pytest.fixture
def catalogue(changsha, changsha_county, zhuzhou):
    category = make_category()
    city = approved_institution(changsha, kind="social", name="长沙财税")
    county = approved_institution(changsha_county, kind="expert", name="县里专家")
    other = approved_institution(zhuzhou, kind="saas", name="株洲云")
    make_product(city, category, name="长沙记账", regions_served="长沙市")
    make_product(county, category, name="县里咨询", regions_served="长沙县、浏阳市")
    make_product(other, category, name="株洲软件", regions_served="株洲市")
    make_product(other, category, name="未上架", regions_served="长沙市", live=False)
    return category


def test_filters_by_region_kind_and_platform_below(client, catalogue, changsha, zhuzhou):
    assert _names(client, "region=长沙") == ["县里咨询", "长沙记账"]
    assert _names(client, "kind=expert") == ["县里咨询"]
    # A platform counts the windows below it, as the 服务机构 directory does.
    assert _names(client, f"platform={changsha.pk}") == ["县里咨询", "长沙记账"]
    assert _names(client, f"platform={zhuzhou.pk}") == ["株洲软件"]
    assert _names(client, f"platform={changsha.pk}&kind=social&region=长沙") == ["长沙记账"]
    assert _names(client, "price_mode=fixed&kind=saas") == ["株洲软件"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("kind=bank", "kind"),
        ("price_mode=free", "price_mode"),
        ("platform=abc", "platform"),
        ("platform=99999", "platform"),
        ("region=" + "长" * 21, "region"),
    ],
)
def test_bad_filters_are_400_in_chinese(client, catalogue, query, word):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    message = response.json()["message"]
    assert word in message
    assert any("\u4e00" <= char <= "\u9fff" for char in message)


def test_an_inactive_platform_is_refused(client, catalogue, zhuzhou):
    zhuzhou.is_active = False
    zhuzhou.save()
    assert client.get(f"{URL}?platform={zhuzhou.pk}").status_code == 400


def test_labels_next_to_the_codes(client, catalogue):
    fields = "service_mode,service_mode_label,price_mode,price_mode_label,institution_kind_label"
    item = client.get(f"{URL}?kind=expert&fields={fields}").json()["items"][0]
    assert (item["service_mode"], item["service_mode_label"]) == ("both", "线上线下")
    assert (item["price_mode"], item["price_mode_label"]) == ("fixed", "固定价格")
    assert item["institution_kind_label"] == "专家"


def test_filtered_listing_query_count_is_fixed(client, changsha, changsha_county):
    category = make_category()
    institution = approved_institution(changsha_county, kind="expert")
    url = f"{URL}?platform={changsha.pk}&kind=expert&region=长沙&fields=*&limit=100"

    def add(count):
        for number in range(count):
            make_product(institution, category, name=f"服务{number}", regions_served="长沙县")

    add(10)
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(url).json()["items"]) == 10
    add(90)
    with CaptureQueriesContext(connection) as hundred:
        assert len(client.get(url).json()["items"]) == 100
    assert len(hundred) == len(ten)


def _product_category(name, parent=None):
    category = ProductCategory(name=name)
    return (
        parent.add_child(instance=category)
        if parent
        else ProductCategory.add_root(instance=category)
    )


def test_product_category_tree(client, db):
    machinery = _product_category("装备制造")
    cranes = _product_category("工程机械", machinery)
    response = client.get("/api/v2/product-categories/")
    assert response.status_code == 200
    items = {item["name"]: item for item in response.json()["items"]}
    assert items["装备制造"]["parent_id"] is None and items["装备制造"]["depth"] == 1
    assert items["工程机械"]["parent_id"] == machinery.pk and items["工程机械"]["depth"] == 2
    assert client.get(f"/api/v2/product-categories/{cranes.pk}/").json()["parent_id"] == (
        machinery.pk
    )


def test_product_category_listing_query_count_is_fixed(client, db):
    root = _product_category("根类目")
    for number in range(9):
        _product_category(f"类目{number}", root)
    url = "/api/v2/product-categories/?fields=*&limit=100"
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(url).json()["items"]) == 10
    for number in range(9, 99):
        _product_category(f"类目{number}", root)
    with CaptureQueriesContext(connection) as hundred:
        assert len(client.get(url).json()["items"]) == 100
    assert len(hundred) == len(ten)
