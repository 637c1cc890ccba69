import datetime

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from policies.factories import (
    IndustryFactory,
    IssuingBodyFactory,
    PolicyCategoryFactory,
    PolicyPageFactory,
)
from policies.models import PolicyLevel
from tests.policies.helpers import count_queries

LISTING = "/api/v2/pages/"
POLICY_FIELDS = (
    "document_number,issuing_body,level,categories,industries,publish_date,effective_date,"
    "expiry_date,status,in_force,summary,attachments,interprets"
)


def listing(client, **params):
    response = client.get(LISTING, {"type": "policies.PolicyPage", **params})
    return response


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


@pytest.fixture
def policies(policy_index):
    department = IssuingBodyFactory(name="湖南省工业和信息化厅", level=PolicyLevel.PROVINCIAL)
    ministry = IssuingBodyFactory(name="工业和信息化部", level=PolicyLevel.NATIONAL)
    financing = PolicyCategoryFactory(name="融资", slug="financing")
    digital = PolicyCategoryFactory(name="数字化转型", slug="digital")
    provincial = PolicyPageFactory(
        parent=policy_index,
        title="省级融资政策",
        issuing_body=department,
        categories=[financing, digital],
        industries=[IndustryFactory(code="C", name="制造业")],
        publish_date=datetime.date(2024, 5, 1),
        attachments=1,
    )
    national = PolicyPageFactory(
        parent=policy_index,
        title="国家级数字化政策",
        issuing_body=ministry,
        categories=[digital],
        publish_date=datetime.date(2023, 5, 1),
        expiry_date=datetime.date(2024, 1, 1),
    )
    interpretation = PolicyPageFactory(
        parent=policy_index,
        title="省级融资政策解读",
        issuing_body=department,
        interprets=provincial,
    )
    return {"provincial": provincial, "national": national, "interpretation": interpretation}


def test_policy_fields_are_exposed(client, policies):
    response = listing(client, fields=POLICY_FIELDS, title="省级融资政策")
    [item] = response.json()["items"]
    policy = policies["provincial"]
    assert item["document_number"] == policy.document_number
    assert item["issuing_body"] == {
        "id": policy.issuing_body.pk,
        "name": "湖南省工业和信息化厅",
        "level": "provincial",
    }
    assert item["level"] == "provincial"
    assert {category["slug"] for category in item["categories"]} == {"financing", "digital"}
    assert item["industries"] == [{"code": "C", "name": "制造业"}]
    assert item["publish_date"] == "2024-05-01"
    assert item["status"] == "in-force" and item["in_force"] is True
    [attachment] = item["attachments"]
    document = policy.attachments.get().document
    assert attachment["download_url"].endswith(document.url)
    assert attachment["download_url"].startswith("http")
    assert attachment["file_extension"] == "pdf"
    assert attachment["file_size"] == document.file_size
    assert item["interprets"] is None


def test_detail_exposes_body_and_interpretation_link(client, policies):
    interpretation = policies["interpretation"]
    data = client.get(f"{LISTING}{interpretation.pk}/").json()
    assert data["meta"]["type"] == "policies.PolicyPage"
    assert data["interprets"]["id"] == policies["provincial"].pk
    assert data["interprets"]["html_url"].endswith(policies["provincial"].url)
    assert data["body"][0]["type"] == "paragraph"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "provincial"}, {"省级融资政策", "省级融资政策解读"}),
        ({"level": "national"}, {"国家级数字化政策"}),
        ({"level": "nonsense"}, set()),
        ({"category": "digital"}, {"省级融资政策", "国家级数字化政策"}),
        ({"category": "financing"}, {"省级融资政策"}),
        ({"category": "no-such"}, set()),
        ({"industry": "c"}, {"省级融资政策"}),
        ({"year": "2023"}, {"国家级数字化政策"}),
        ({"year": "abc"}, set()),
        ({"status": "expired"}, {"国家级数字化政策"}),
        ({"status": "whatever"}, set()),
        ({"order": "-publish_date", "category": "digital"}, {"省级融资政策", "国家级数字化政策"}),
    ],
)
def test_filters(client, policies, params, expected):
    assert titles(listing(client, **params)) == expected


def test_filter_by_issuing_body_and_interpreted_policy(client, policies):
    ministry = policies["national"].issuing_body
    assert titles(listing(client, issuing_body=ministry.pk)) == {"国家级数字化政策"}
    assert titles(listing(client, interprets=policies["provincial"].pk)) == {"省级融资政策解读"}


@pytest.mark.parametrize(
    "params",
    [{"issuing_body": "abc"}, {"categories": "abc"}, {"publish_date": "yesterday"}, {"foo": "1"}],
)
def test_malformed_filters_are_bad_requests_not_errors(client, policies, params):
    assert listing(client, **params).status_code == 400


def test_drafts_and_private_policies_never_appear(client, policy_index, policies):
    PolicyPageFactory(parent=policy_index, title="草稿政策", live=False)
    private = PolicyPageFactory(parent=policy_index, title="内部政策")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    listed = titles(listing(client, limit=100))
    assert "草稿政策" not in listed and "内部政策" not in listed
    assert titles(client.get(LISTING, {"search": "政策"})).isdisjoint({"草稿政策", "内部政策"})
    assert client.get(f"{LISTING}{private.pk}/").status_code == 404


def test_an_unpublished_interpreted_policy_is_not_exposed(client, policies):
    policies["provincial"].unpublish()
    data = client.get(f"{LISTING}{policies['interpretation'].pk}/").json()
    assert data["interprets"] is None


def _api_queries(client):
    params = {"type": "policies.PolicyPage", "fields": POLICY_FIELDS, "limit": 100}
    client.get(LISTING, params)  # warm process-wide caches
    cache.clear()
    response, queries = count_queries(lambda: client.get(LISTING, params))
    assert response.status_code == 200
    return response.json()["meta"]["total_count"], queries


def test_api_query_count_does_not_depend_on_the_number_of_policies(client, policy_index):
    categories = [PolicyCategoryFactory(), PolicyCategoryFactory()]
    industries = [IndustryFactory()]
    body = IssuingBodyFactory()
    interpreted = PolicyPageFactory(parent=policy_index, issuing_body=body)

    def add(count):
        for _ in range(count):
            PolicyPageFactory(
                parent=policy_index,
                issuing_body=body,
                categories=categories,
                industries=industries,
                interprets=interpreted,
                attachments=1,
            )

    add(9)
    total_10, queries_10 = _api_queries(client)
    add(90)
    total_100, queries_100 = _api_queries(client)
    assert (total_10, total_100) == (10, 100)
    assert queries_10 == queries_100, (queries_10, queries_100)
