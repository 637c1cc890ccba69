"""HTTP caching of /api/v2/ (portal/api_http_cache.py): ETag and 304 before the view, a change
retires the ETag at once, public lists cacheable for PORTAL_API_MAX_AGE, personal answers never."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalogue.models import ServiceProduct
from marketplace.members.factories import WindowPlatformFactory
from marketplace.members.models import WindowPlatform
from marketplace.members.workflows import ensure_review_setup
from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
from portal.factories import UserFactory
from portal.page_cache import VERSION_TAGS
from tests.marketplace.catalogue_helpers import approved_institution, make_category, make_product

POLICIES = "/api/v2/pages/?type=policies.PolicyPage"
SERVICES = "/api/v2/service-products/"


@pytest.fixture
def policy_index(home_page):
    return PolicyIndexPageFactory(parent=home_page)


@pytest.fixture
def policy(policy_index):
    return PolicyPageFactory(parent=policy_index, title="中小企业融资支持政策")


@pytest.fixture
def service_product(db):
    ensure_review_setup()
    province = WindowPlatformFactory(
        name="湖南省中小企业公共服务平台", kind=WindowPlatform.Kind.PROVINCE, region_code="430000"
    )
    changsha = WindowPlatformFactory(parent=province, name="长沙市综合性窗口平台")
    seller = approved_institution(changsha, user__username="seller")
    return make_product(seller, make_category(), name="代理记账服务")


def titles(response):
    return [item["title"] for item in response.json()["items"]]


def vary(response):
    return {word.strip().lower() for word in response.get("Vary", "").split(",")}


def test_a_public_list_has_an_etag_and_may_be_cached_for_the_configured_time(
    client, policy, settings
):
    settings.PORTAL_API_MAX_AGE = 90
    response = client.get(POLICIES)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Cache-Control"] == "public, max-age=90"
    assert {"accept", "authorization", "cookie"} <= vary(response)
    assert "Last-Modified" not in response


def test_a_current_etag_is_answered_304_before_the_view_runs(
    client, policy, django_assert_num_queries
):
    etag = client.get(POLICIES)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(POLICIES, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"].startswith("public, max-age=")
    # Weak comparison, lists and `*` as RFC 9110 has them.
    assert client.get(POLICIES, headers={"If-None-Match": etag[2:]}).status_code == 304
    listed = f'"other", {etag}'
    assert client.get(POLICIES, headers={"If-None-Match": listed}).status_code == 304
    assert client.get(POLICIES, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(POLICIES, headers={"If-None-Match": '"other"'}).status_code == 200


def test_publishing_a_policy_retires_the_etag_at_once(client, policy, policy_index):
    etag = client.get(POLICIES)["ETag"]
    PolicyPageFactory(parent=policy_index, title="数字化转型专项政策")
    response = client.get(POLICIES, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "数字化转型专项政策" in titles(response)
    assert response["ETag"] != etag


def test_editing_a_policy_retires_the_etag_of_its_detail(client, policy):
    url = f"/api/v2/pages/{policy.pk}/"
    etag = client.get(url)["ETag"]
    policy.title = "中小企业融资支持政策（修订）"
    policy.save_revision().publish()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["title"] == "中小企业融资支持政策（修订）"


def test_changing_a_service_product_retires_the_etag_at_once(client, service_product):
    etag = client.get(SERVICES)["ETag"]
    assert client.get(SERVICES, headers={"If-None-Match": etag}).status_code == 304
    product = ServiceProduct.objects.get(pk=service_product.pk)
    product.name = "代理记账与纳税申报"
    product.save_revision().publish(user=None)
    response = client.get(SERVICES, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["代理记账与纳税申报"]


def test_each_representation_has_its_own_etag(client, policy):
    plain = client.get(POLICIES)["ETag"]
    assert client.get(POLICIES + "&limit=5")["ETag"] != plain
    assert client.get(POLICIES, headers={"Accept": "text/html"})["ETag"] != plain
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(POLICIES)
    assert english["ETag"] != plain
    assert client.get(POLICIES, headers={"If-None-Match": plain}).status_code == 200


def test_every_content_tag_an_app_declares_is_in_the_etag(db):
    declared = {
        config.public_content_tag
        for config in apps.get_app_configs()
        if getattr(config, "public_content_tag", None)
    }
    assert declared and declared <= set(VERSION_TAGS)


def test_a_request_with_a_token_is_private_and_never_revalidated(client, policy):
    etag = client.get(POLICIES)["ETag"]
    response = client.get(
        POLICIES, headers={"Authorization": "Bearer app-token", "If-None-Match": etag}
    )
    assert response.status_code != 304
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert "authorization" in vary(response)


def test_a_signed_in_member_gets_a_private_answer_and_no_shared_etag(client, policy):
    etag = client.get(POLICIES)["ETag"]
    client.force_login(UserFactory(username="api-member"))
    response = client.get(POLICIES, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert titles(response) == ["中小企业融资支持政策"]
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_a_stale_session_cookie_still_revalidates_after_the_render(client, policy):
    etag = client.get(POLICIES)["ETag"]
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    response = client.get(POLICIES, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag


@pytest.mark.parametrize("path", ["/api/v2/me/", "/api/v2/me/orders/", "/api/v2/auth/token/"])
def test_the_member_api_is_never_cacheable(client, db, path):
    response = client.get(path)
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/?type=policies.PolicyPage&publish_date=yesterday",
        "/api/v2/pages/?no_such_parameter=1",
        "/api/v2/pages/999999/",
    ],
)
def test_errors_get_no_etag_and_are_not_stored(client, policy, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert "ETag" not in response
    assert response["Cache-Control"] == "no-store"
    # And a client repeating its last good ETag on an error gets the error again.
    assert client.get(path, headers={"If-None-Match": "*"}).status_code == response.status_code


def test_other_pages_are_left_alone(client, home_page):
    response = client.get("/")
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")


# With the anonymous page cache on (decision 0007) -------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300


def test_a_stored_response_carries_the_same_etag_and_cache_control(
    client, policy, page_cache_on, django_assert_num_queries
):
    rendered = client.get(POLICIES)
    with django_assert_num_queries(0):
        stored = client.get(POLICIES)
    assert "Age" in stored  # it is the stored copy
    assert stored.content == rendered.content
    assert stored["ETag"] == rendered["ETag"]
    assert stored["Cache-Control"] == rendered["Cache-Control"]
    assert {"accept", "authorization", "cookie"} <= vary(stored)


def test_a_304_is_not_stored_as_the_page(client, policy, page_cache_on):
    etag = client.get(POLICIES)["ETag"]
    assert client.get(POLICIES, headers={"If-None-Match": etag}).status_code == 304
    again = client.get(POLICIES)
    assert again.status_code == 200
    assert titles(again) == ["中小企业融资支持政策"]


def test_a_304_after_a_change_is_not_served_from_a_stale_stored_copy(
    client, policy, policy_index, page_cache_on
):
    etag = client.get(POLICIES)["ETag"]
    PolicyPageFactory(parent=policy_index, title="数字化转型专项政策")
    response = client.get(POLICIES, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "数字化转型专项政策" in titles(response)


def test_an_answer_to_a_token_is_never_stored_for_anonymous_clients(client, policy, page_cache_on):
    client.get(POLICIES, headers={"Authorization": "Bearer app-token"})
    with CaptureQueriesContext(connection) as queries:
        anonymous = client.get(POLICIES)
    assert len(queries) > 0  # rendered, not a copy of the token's answer
    assert "Age" not in anonymous
    # Nor does a token get the anonymous copy now stored.
    with CaptureQueriesContext(connection) as queries:
        tokened = client.get(POLICIES, headers={"Authorization": "Bearer app-token"})
    assert len(queries) > 0 and "Age" not in tokened
