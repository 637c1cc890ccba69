"""API v2: 服务评价 (R3.8) on service products and institutions, as their public pages show it.

The catalogue and members endpoints know nothing of trade: the rating arrives through the same
hooks the HTML pages use (`annotate_public_service_product`, `annotate_public_institution`).
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.members.factories import EnterpriseFactory
from marketplace.trade.models import Evaluation, Order
from tests.marketplace.catalogue_helpers import approved_institution, make_category, make_product

NUMBERS = itertools.count(1)


def _evaluate(product, score, hidden=False):
    order = Order.objects.create(
        number=f"T{next(NUMBERS):08d}",
        enterprise=EnterpriseFactory(),
        institution=product.institution,
        service_product=product,
        product_name=product.name,
        price_text="¥3,000",
        quantity_or_scope="1 年",
        status=Order.Status.COMPLETED,
    )
    return Evaluation.objects.create(
        order=order,
        score=score,
        quality_score=score,
        speed_score=score,
        expertise_score=score,
        comment="评价",
        is_hidden=hidden,
    )


@pytest.fixture
def rated(changsha):
    institution = approved_institution(changsha, name="星城财税")
    category = make_category()
    product = make_product(institution, category, name="代理记账")
    other = make_product(institution, category, name="税务筹划")
    _evaluate(product, 5)
    _evaluate(product, 4)
    _evaluate(product, 1, hidden=True)  # hidden: not counted, as on the page
    _evaluate(other, 3)
    unrated = make_product(approved_institution(changsha, name="新机构"), category, name="新服务")
    return institution, product, other, unrated


def test_service_rating_in_listing_and_detail_matches_the_page(client, rated):
    institution, product, other, unrated = rated
    items = client.get("/api/v2/service-products/?fields=rating").json()["items"]
    ratings = {item["id"]: item["rating"] for item in items}
    assert ratings[product.pk] == {"average": 4.5, "count": 2}
    assert ratings[other.pk] == {"average": 3.0, "count": 1}
    assert ratings[unrated.pk] == {"average": None, "count": 0}
    detail = client.get(f"/api/v2/service-products/{product.pk}/").json()
    assert detail["rating"] == {"average": 4.5, "count": 2}
    html = client.get(f"/services/{product.pk}/").content.decode()
    assert "4.5 分（2 条评价）" in html


def test_institution_rating_counts_its_services(client, rated):
    institution, *_ = rated
    detail = client.get(f"/api/v2/institutions/{institution.pk}/").json()
    assert detail["rating"] == {"average": 4.0, "count": 3}
    html = client.get(f"/institutions/{institution.pk}/").content.decode()
    assert "4.0 分（3 条评价）" in html
    items = client.get("/api/v2/institutions/?fields=rating&kind=social").json()["items"]
    assert {item["id"]: item["rating"]["count"] for item in items}[institution.pk] == 3


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.json()["items"])


def test_rated_listings_run_fixed_queries(client, changsha):
    category = make_category()

    def add(count):
        for number in range(count):
            institution = approved_institution(changsha)
            _evaluate(make_product(institution, category, name=f"服务{number}"), 4)

    add(10)
    services = "/api/v2/service-products/?fields=*&limit=100"
    institutions = "/api/v2/institutions/?fields=*&limit=100"
    service_ten, institution_ten = _count(client, services), _count(client, institutions)
    add(90)
    assert _count(client, services) == (service_ten[0], 100)
    assert _count(client, institutions) == (institution_ten[0], 100)
