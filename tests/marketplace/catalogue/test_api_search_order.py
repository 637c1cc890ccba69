"""`?search=` and `?order=` on the marketplace's API listings (before: both silently ignored).

Search is the site search itself: a listing finds what `/api/v2/search/?type=<kind>` finds, in
the same order; ordering offers the public listings' sorts, `-` for descending.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.search.builders import site_fixture  # noqa: F401 - the `site` fixture


def ids(client, url, **params):
    response = client.get(url, {"limit": 100, **params})
    assert response.status_code == 200, response.content.decode()
    return [item["id"] for item in response.json()["items"]]


def site_search_ids(client, kind, query):
    response = client.get("/api/v2/search/", {"q": query, "type": kind, "limit": 50})
    return [item["id"] for item in response.json()["items"]]


def build(site, kind, word, number, **fields):
    """A public record of `kind` whose title holds `word` (or not)."""
    name = f"{word}项目{number}"
    if kind == "service":
        return site.service(name, site.institution(f"机构{word}{number}"), **fields)
    if kind == "product":
        return site.product(name, site.enterprise(f"企业{word}{number}"), **fields)
    if kind == "demand":
        return site.demand(name, site.enterprise(f"企业{word}{number}"), **fields)
    return site.institution(name, **fields)


ENDPOINTS = {
    "service": "/api/v2/service-products/",
    "product": "/api/v2/products/",
    "demand": "/api/v2/demands/",
    "institution": "/api/v2/institutions/",
}


@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_search_finds_what_the_site_search_finds_in_its_order(client, site, kind):
    url = ENDPOINTS[kind]
    matching = [build(site, kind, "知识产权", number) for number in range(3)]
    # Found through a field other than the title: ranks below the title matches.
    if kind == "institution":
        matching.append(site.institution("星城服务中心", introduction="知识产权代理。"))
    else:
        matching.append(build(site, kind, "商标注册", 9))
        target = type(matching[-1]).objects.filter(pk=matching[-1].pk)
        field = {"service": "summary", "product": "summary", "demand": "description"}[kind]
        target.update(**{field: "知识产权服务"})
        type(matching[-1]).objects.get(pk=matching[-1].pk).save()
    other = build(site, kind, "冷链物流", 1)

    found = ids(client, url, search="知识产权")
    assert set(found) == {record.pk for record in matching}
    assert other.pk not in found
    assert found == site_search_ids(client, kind, "知识产权")
    assert ids(client, url, search="zzqxjv") == []
    assert ids(client, url, search="冷链物流") == [other.pk]


def test_service_products_order_by_the_listing_sorts(client, site):
    institution = site.institution("排序测试机构")
    cheap = site.service("乙服务", institution, price="100")
    dear = site.service("甲服务", institution, price="900")
    middle = site.service("丙服务", institution, price="500")
    url = ENDPOINTS["service"]
    assert ids(client, url, order="price") == [cheap.pk, middle.pk, dear.pk]
    assert ids(client, url, order="-price") == [dear.pk, middle.pk, cheap.pk]
    assert ids(client, url, order="first_published_at") == [cheap.pk, dear.pk, middle.pk]
    assert ids(client, url, order="-first_published_at") == [middle.pk, dear.pk, cheap.pk]
    by_name = ids(client, url, order="name")
    assert by_name == list(reversed(ids(client, url, order="-name")))
    # Search keeps its matches, ordered as asked.
    assert ids(client, url, search="服务", order="-price") == [dear.pk, middle.pk, cheap.pk]

    response = client.get(url, {"order": "contact_phone"})
    assert response.status_code == 400
    assert response.json() == {
        "message": "参数 order 必须是以下之一：first_published_at、price、name、"
        "-first_published_at、-price、-name（前加 - 为倒序）。"
    }


def test_ties_are_broken_by_id(client, site):
    institution = site.institution("同价机构")
    same = [site.service(f"同价服务{number}", institution, price="100") for number in range(3)]
    pks = [record.pk for record in same]
    assert ids(client, ENDPOINTS["service"], order="price") == sorted(pks)
    assert ids(client, ENDPOINTS["service"], order="-price") == sorted(pks, reverse=True)


def test_demands_products_institutions_order(client, site):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    late = site.demand("晚截止需求", deadline=today + datetime.timedelta(days=20))
    soon = site.demand("早截止需求", deadline=today + datetime.timedelta(days=2))
    assert ids(client, ENDPOINTS["demand"], order="deadline") == [soon.pk, late.pk]
    assert ids(client, ENDPOINTS["demand"], order="-created_at") == [soon.pk, late.pk]

    priced = site.product("乙产品", price="20.00")
    negotiable = site.product("甲产品")
    cheap = site.product("丙产品", price="5.00")
    assert ids(client, ENDPOINTS["product"], order="price") == [cheap.pk, priced.pk, negotiable.pk]
    by_name = ids(client, ENDPOINTS["product"], order="name")
    assert by_name == list(reversed(ids(client, ENDPOINTS["product"], order="-name")))
    assert client.get(ENDPOINTS["product"], {"order": "random"}).status_code == 400

    first = site.institution("乙机构")
    second = site.institution("甲机构")
    listed = ids(client, ENDPOINTS["institution"], order="approved_at")
    assert listed.index(first.pk) < listed.index(second.pk)
    assert client.get(ENDPOINTS["institution"], {"order": "kind"}).status_code == 400


def test_categories_search_by_name(client, site):
    from tests.marketplace.catalogue_helpers import make_category

    child = make_category("知识产权代理", "ip", parent=site.service_category)
    assert ids(client, "/api/v2/categories/", search="产权") == [child.pk]
    names = [
        item["name"]
        for item in client.get("/api/v2/categories/", {"order": "-name"}).json()["items"]
    ]
    assert names == sorted(names, reverse=True)


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content.decode()
    return len(queries), response.json()["meta"]["total_count"]


@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_query_counts_do_not_grow_with_or_without_search(client, site, kind):
    url = ENDPOINTS[kind] + "?fields=*&limit=100"
    urls = [
        url,
        url + "&search=设备维修",
        url
        + "&search=设备维修&order=-"
        + (
            {"service": "price", "product": "name", "demand": "deadline", "institution": "name"}[
                kind
            ]
        ),
    ]

    def add(start, stop):
        for number in range(start, stop):
            build(site, kind, "设备维修", number)

    add(0, 10)
    with_10 = [count_queries(client, each) for each in urls]
    add(10, 100)
    with_100 = [count_queries(client, each) for each in urls]
    assert [total for _, total in with_100][1:] == [100, 100]
    assert [count for count, _ in with_100] == [count for count, _ in with_10]
