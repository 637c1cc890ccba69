"""API v2: categories, live service products, open demands — public data only, fixed queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.catalogue.models import Demand
from marketplace.members.workflows import ensure_review_setup
from tests.marketplace.catalogue_helpers import (
    approved_institution,
    make_category,
    make_product,
    submitted_product,
)


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


@pytest.fixture
def tax(db):
    return make_category()


@pytest.fixture
def seller(changsha):
    return approved_institution(changsha, user__username="seller")


def test_service_products_are_live_only(client, seller, tax):
    child = make_category("代理记账", "bookkeeping", parent=tax)
    make_product(seller, child, name="上架产品")
    make_product(seller, tax, name="草稿产品", live=False)
    submitted_product(seller, tax, name="审核中产品")
    items = client.get("/api/v2/service-products/").json()["items"]
    assert [item["name"] for item in items] == ["上架产品"]
    assert client.get("/api/v2/service-products/?category=tax").json()["meta"]["total_count"] == 1
    assert client.get("/api/v2/service-products/?category=nope").json()["meta"]["total_count"] == 0
    fixed = client.get("/api/v2/service-products/?price_mode=fixed").json()
    assert fixed["meta"]["total_count"] == 1
    assert client.get("/api/v2/service-products/?price=abc").status_code == 400
    detail = client.get(f"/api/v2/service-products/{items[0]['id']}/?fields=*").json()
    assert "contact_phone" not in detail and "review_status" not in detail


def test_demands_never_expose_contacts(client, enterprise, tax):
    common = {
        "enterprise": enterprise,
        "category": tax,
        "description": "说明",
        "region_name": "长沙市",
    }
    common |= {"contact_name": "张经理", "contact_phone": "13800000000"}
    future = timezone.localdate() + datetime.timedelta(days=3)
    Demand.objects.create(title="开放需求", deadline=future, **common)
    Demand.objects.create(title="关闭需求", deadline=future, status="closed", **common)
    Demand.objects.create(
        title="过期需求", deadline=timezone.localdate() - datetime.timedelta(1), **common
    )
    response = client.get("/api/v2/demands/?fields=*")
    assert [item["title"] for item in response.json()["items"]] == ["开放需求"]
    assert "13800000000" not in response.content.decode()
    assert client.get("/api/v2/demands/?contact_phone=13800000000").status_code == 400


def test_category_tree(client, tax):
    make_category("代理记账", "bookkeeping", parent=tax)
    items = client.get("/api/v2/categories/").json()["items"]
    assert [(item["slug"], item["parent_id"]) for item in items] == [
        ("tax", None),
        ("bookkeeping", tax.pk),
    ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_are_fixed(client, seller, tax, enterprise):
    future = timezone.localdate() + datetime.timedelta(days=3)

    def add(start, end):
        for index in range(start, end):
            make_product(seller, tax, name=f"产品{index}")
            Demand.objects.create(
                enterprise=enterprise,
                category=tax,
                title=f"需求{index}",
                description="说明",
                region_name="长沙市",
                deadline=future,
                contact_name="张",
                contact_phone="13800000000",
            )

    add(0, 10)
    urls = ["/api/v2/service-products/?limit=100", "/api/v2/demands/?limit=100"]
    with_10 = [count_queries(client, url) for url in urls]
    add(10, 100)
    assert [count_queries(client, url) for url in urls] == with_10
