"""Every bad request to /api/v2/ is a 4xx with one shape, `{"message": "<Chinese>"}`, never a 500.

Before: a 20-digit offset or an unknown `search_operator` reached the database (500), and Wagtail
answered the rest in English ("offset must be a positive integer", "not found", …).
"""

import re

import pytest

from portal.api_parameters import MAX_OFFSET
from portal.search_query import MAX_QUERY_LENGTH

pytestmark = pytest.mark.usefixtures("home_page")

ENDPOINTS = [
    "pages",
    "images",
    "documents",
    "categories",
    "service-products",
    "demands",
    "products",
    "institutions",
    "platforms",
]
HUGE = "99999999999999999999"
CJK = re.compile(r"[\u4e00-\u9fff]")

BAD_LISTING_PARAMETERS = [
    ({"offset": HUGE}, "offset"),
    ({"offset": "-1"}, "offset"),
    ({"offset": "abc"}, "offset"),
    ({"offset": "1.5"}, "offset"),
    ({"offset": str(MAX_OFFSET + 1)}, "offset"),
    ({"limit": "101"}, "limit"),
    ({"limit": "-1"}, "limit"),
    ({"limit": HUGE}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"search": "长" * (MAX_QUERY_LENGTH + 1)}, "search"),
    ({"search": "融资", "search_operator": "xx"}, "search_operator"),
    ({"fields": "name("}, "fields"),
    ({"fields": ","}, "fields"),
    ({"fields": "no_such_field"}, "fields"),
    ({"order": "no_such_field"}, "order"),
    ({"rich_text_format": "xx"}, "rich_text_format"),
    ({"no_such_parameter": "1"}, "no_such_parameter"),
    ({"limit": ["1", "2"]}, "limit"),
    ({"format": "xml"}, "format"),
]


def assert_error(response, status, mentions=None):
    assert response.status_code == status, response.content.decode()
    data = response.json()
    assert list(data) == ["message"]
    assert CJK.search(data["message"]), data["message"]
    if mentions:
        assert mentions in data["message"]
    return data["message"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("params", "parameter"), BAD_LISTING_PARAMETERS)
def test_bad_listing_parameters_are_a_chinese_400(client, endpoint, params, parameter):
    response = client.get(f"/api/v2/{endpoint}/", params)
    assert_error(response, 400, mentions=parameter)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_edge_values_that_are_fine(client, endpoint):
    for params in (
        {"offset": str(MAX_OFFSET)},
        {"offset": "", "limit": ""},
        {"limit": "0"},
        {"limit": "100"},
        {"search": ""},
        {"search": "   "},
        {"search": "融资", "search_operator": "or"},
        {"search": "融资", "search_operator": ""},
        {"format": "json"},
    ):
        response = client.get(f"/api/v2/{endpoint}/", params)
        assert response.status_code == 200, (params, response.content.decode())
        assert "items" in response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_unknown_ids_are_a_chinese_404(client, endpoint):
    for object_id in ("999999", HUGE):
        response = client.get(f"/api/v2/{endpoint}/{object_id}/")
        assert assert_error(response, 404) == "未找到。"
    assert (
        assert_error(client.get(f"/api/v2/{endpoint}/find/", {"id": "999999"}), 404) == "未找到。"
    )
    assert_error(client.get(f"/api/v2/{endpoint}/find/", {"id": "abc"}), 400, mentions="id")
    assert_error(client.get(f"/api/v2/{endpoint}/find/", {"id": HUGE}), 400, mentions="id")


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "search"])
def test_writes_are_a_chinese_405(client, endpoint):
    assert_error(client.post(f"/api/v2/{endpoint}/", {}), 405, mentions="GET")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"type": "nope.Nope"}, "type"),
        ({"child_of": "abc"}, "child_of"),
        ({"child_of": HUGE}, "child_of"),
        ({"child_of": "-3"}, "child_of"),
        ({"ancestor_of": "root"}, "ancestor_of"),
        ({"descendant_of": HUGE}, "descendant_of"),
        ({"translation_of": "x"}, "translation_of"),
        ({"child_of": "999999"}, "child_of"),
        ({"child_of": "root", "descendant_of": "root"}, "descendant_of"),
        ({"locale": "xx"}, "locale"),
        ({"site": "nowhere.example"}, "site"),
        ({"site": "localhost:abc"}, "site"),
        ({"order": "random", "offset": "1"}, "random"),
        ({"order": "random,title"}, "random"),
        ({"order": "title,title"}, "order"),
        ({"id": HUGE}, "id"),
        ({"id": "abc"}, "id"),
    ],
)
def test_bad_page_parameters_are_a_chinese_400(client, params, parameter):
    response = client.get("/api/v2/pages/", params)
    assert_error(response, 400, mentions=parameter)


def test_page_parameters_that_are_fine(client, home_page):
    for params in ({"child_of": "root"}, {"order": "-title"}, {"locale": "zh-hans"}):
        response = client.get("/api/v2/pages/", params)
        assert response.status_code in (200,), (params, response.content.decode())
    assert client.get("/api/v2/pages/", {"child_of": home_page.pk}).status_code == 200


@pytest.mark.parametrize(
    ("endpoint", "params", "parameter"),
    [
        ("products", {"category": HUGE}, "category"),
        ("products", {"enterprise": "abc"}, "enterprise"),
        ("products", {"enterprise": "0"}, "enterprise"),
        ("institutions", {"platform": HUGE}, "platform"),
        ("institutions", {"platform": "abc"}, "platform"),
        ("images", {"width": HUGE}, "width"),
        ("images", {"title": "a\x00b"}, "title"),
        ("service-products", {"price": "abc"}, "price"),
    ],
)
def test_bad_filters_are_a_chinese_400(client, endpoint, params, parameter):
    assert_error(client.get(f"/api/v2/{endpoint}/", params), 400, mentions=parameter)


def test_search_endpoint_shares_the_messages(client, db):
    message = assert_error(client.get("/api/v2/search/", {"q": "融资", "nope": "1"}), 400)
    listing = assert_error(client.get("/api/v2/demands/", {"nope": "1"}), 400)
    assert message == listing == "不支持的参数：nope。"
    too_long = {"q": "长" * (MAX_QUERY_LENGTH + 1)}
    assert_error(client.get("/api/v2/search/", too_long), 400, mentions=str(MAX_QUERY_LENGTH))
