"""/api/v2/search/: the site search as JSON for apps."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.search.builders import KINDS, site_fixture  # noqa: F401 - the `site` fixture

URL = "/api/v2/search/"


def get(client, status=200, **params):
    response = client.get(URL, params)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_is_registered_on_the_api_router():
    from django.urls import reverse

    assert reverse("wagtailapi:search:listing") == URL


def test_returns_totals_counts_and_items(client, site):
    records = site.one_of_each("融资")

    data = get(client, q="融资")

    assert data["query"] == "融资" and data["type"] is None
    assert data["total"] == 9
    assert data["counts"] == {**dict.fromkeys(KINDS, 1), "institution": 2}
    assert [entry["type"] for entry in data["types"]] == list(KINDS)
    assert data["types"][4] == {"type": "service", "label": "服务产品", "count": 1}
    assert len(data["items"]) == 9
    by_type = {item["type"]: item for item in data["items"]}
    service = by_type["service"]
    product = records["service"]
    assert service == {
        "type": "service",
        "type_label": "服务产品",
        "id": product.pk,
        "title": "融资咨询服务",
        "title_highlights": [[0, 2]],
        "url": f"/services/{product.pk}/",
        "date": service["date"],
        "owner": "融资咨询服务机构",
        "detail": "融资服务",
        "snippet": "为中小企业提供专业服务。",
        "highlights": [],
    }
    assert by_type["policy"]["url"] == records["policy"].url
    assert by_type["policy"]["url"].startswith("/")
    for item in data["items"]:
        for start, end in item["title_highlights"]:
            assert item["title"][start:end] == "融资"
        for start, end in item["highlights"]:
            assert item["snippet"][start:end] == "融资"


def test_type_offset_and_limit(client, site):
    institution = site.institution("接口测试机构")
    for number in range(7):
        site.service(f"法律咨询服务{number}", institution)
    site.policy("法律咨询援助政策")

    data = get(client, q="法律咨询", type="service", limit=3, offset=3)
    assert data["total"] == 7 and data["counts"]["policy"] == 1
    assert [item["type"] for item in data["items"]] == ["service"] * 3
    first = get(client, q="法律咨询", type="service", limit=3)["items"]
    assert not {item["id"] for item in first} & {item["id"] for item in data["items"]}
    assert len(get(client, q="法律咨询", type="service", offset=6)["items"]) == 1
    assert get(client, q="法律咨询", type="service", offset=7)["items"] == []
    merged = get(client, q="法律咨询", limit=50)
    # The institution too: its service scope (factory default) ends with 法律咨询.
    assert merged["counts"]["institution"] == 1
    assert merged["total"] == 9 and len(merged["items"]) == 9


def test_snippet_offsets_point_at_the_matches(client, site):
    site.demand("寻求数字化转型服务商", description="我司计划开展数字化改造，需要数字化转型咨询。")

    item = get(client, q="数字化")["items"][0]

    assert item["snippet"] == "我司计划开展数字化改造，需要数字化转型咨询。"
    assert [item["snippet"][start:end] for start, end in item["highlights"]] == ["数字化"] * 2
    assert item["title_highlights"] == [[2, 5]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "请提供搜索关键词（参数 q）。"),
        ({"q": "   "}, "请提供搜索关键词（参数 q）。"),
        ({"q": "x" * 101}, "搜索关键词（参数 q）不能超过 100 个字符。"),
        ({"q": "融资", "type": "page"}, "参数 type 必须是以下之一："),
        ({"q": "融资", "offset": "abc"}, "参数 offset 必须是整数。"),
        ({"q": "融资", "offset": "-1"}, "参数 offset 必须在 0 到 499 之间。"),
        ({"q": "融资", "offset": "500"}, "参数 offset 必须在 0 到 499 之间。"),
        ({"q": "融资", "limit": "0"}, "参数 limit 必须在 1 到 50 之间。"),
        ({"q": "融资", "limit": "1000"}, "参数 limit 必须在 1 到 50 之间。"),
        ({"q": "融资", "limit": "1.5"}, "参数 limit 必须是整数。"),
        ({"q": "融资", "order": "-date"}, "不支持的参数：order。"),
    ],
)
def test_bad_parameters_are_a_400_in_chinese(client, db, params, message):
    data = get(client, status=400, **params)
    assert data["message"].startswith(message)


@pytest.mark.parametrize(
    "query",
    ["<script>alert(1)</script>", '"', "*", "NEAR", "OR", "a:b", "融资 OR 咨询", "-", "x" * 100],
)
def test_odd_queries_are_answered(client, site, query):
    site.one_of_each("融资")
    data = get(client, q=query)
    assert data["query"] == query
    assert isinstance(data["items"], list)


def test_hidden_kinds_are_filtered_by_type_too(client, site):
    institution = site.institution("下架测试机构", approved=False)
    site.service("仅草稿可见的服务", institution)
    assert get(client, q="仅草稿", type="service")["total"] == 0
    assert get(client, q="仅草稿", type="institution")["total"] == 0


def api_queries(client, **params):
    client.get(URL, params)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("kind", ["", "demand"])
def test_query_count_does_not_grow_with_matches(client, site, kind):
    enterprise = site.enterprise("需求测试企业")

    def add(count, start):
        for number in range(start, start + count):
            site.demand(f"设备维修需求{number}", enterprise, description="设备维修保养。")
            site.product(f"设备维修工具{number}", enterprise)

    add(10, 0)
    few, data = api_queries(client, q="设备维修", type=kind, limit=50)
    assert len(data["items"]) == (10 if kind else 20)
    add(90, 10)
    many, data = api_queries(client, q="设备维修", type=kind, limit=50)
    assert len(data["items"]) == 50
    # Equal, or fewer when the merged window happens to hold a single kind (one load less).
    assert many <= few
