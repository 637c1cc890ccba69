"""API v2: the platform tree and approved institutions, public fields only (R4.3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.members.factories import InstitutionFactory, WindowPlatformFactory
from portal.factories import ImageFactory
from tests.marketplace.catalogue_helpers import make_category, make_product
from tests.marketplace.visibility_helpers import (
    UNAPPROVED_STATES,
    approve,
    institution_in_state,
    unpublish,
)

PRIVATE_WORDS = ("credit_code", "user", "email", "is_approved", "licence", "id_number")


def test_platform_tree(client, province, changsha, changsha_county):
    response = client.get("/api/v2/platforms/")
    assert response.status_code == 200
    items = {item["name"]: item for item in response.json()["items"]}
    assert items["湖南省中小企业公共服务平台"]["parent_id"] is None
    assert items["长沙市综合性窗口平台"]["parent_id"] == province.pk
    assert items["长沙县窗口平台"]["parent_id"] == changsha.pk
    assert items["长沙县窗口平台"]["depth"] == 3
    assert items["长沙县窗口平台"]["region_code"] == "430121"
    assert items["长沙县窗口平台"]["kind"] == "county"


def test_platform_detail(client, changsha):
    response = client.get(f"/api/v2/platforms/{changsha.pk}/")
    assert response.json()["parent_id"] == changsha.get_parent().pk


def test_institutions_lists_approved_only(client, changsha):
    approved = InstitutionFactory(platform=changsha, approved=True, name="已审核机构")
    pending = InstitutionFactory(platform=changsha, name="待审核机构")
    response = client.get("/api/v2/institutions/?fields=*")
    assert response.status_code == 200
    names = [item["name"] for item in response.json()["items"]]
    assert names == ["已审核机构"]
    assert client.get(f"/api/v2/institutions/{pending.pk}/").status_code == 404
    detail = client.get(f"/api/v2/institutions/{approved.pk}/").json()
    assert detail["platform_name"] == "长沙市综合性窗口平台"
    assert detail["service_scope"]
    for word in PRIVATE_WORDS:
        assert word not in detail, word


def test_institution_filters_by_kind_and_bad_filters_are_400(client, changsha):
    InstitutionFactory(platform=changsha, approved=True, kind="expert", name="李教授")
    InstitutionFactory(platform=changsha, approved=True, kind="saas", name="云账房")
    response = client.get("/api/v2/institutions/?kind=expert")
    assert [item["name"] for item in response.json()["items"]] == ["李教授"]
    assert client.get("/api/v2/institutions/?platform=abc").status_code == 400
    assert client.get("/api/v2/institutions/?is_approved=false").status_code == 400


def _count_queries(client, url):
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("with_logo", [False, True])
def test_institution_listing_query_count_is_fixed(client, changsha, with_logo):
    def add(count):
        for _ in range(count):
            logo = ImageFactory() if with_logo else None
            InstitutionFactory(platform=changsha, approved=True, logo=logo)

    add(10)
    if with_logo:  # renditions are made at upload time, never in a public request
        from marketplace.members.media import LOGO_RENDITIONS
        from marketplace.members.models import Institution

        for institution in Institution.objects.all():
            institution.logo.get_renditions(*LOGO_RENDITIONS)
    url = "/api/v2/institutions/?fields=*&limit=100"
    ten = _count_queries(client, url)
    add(90)
    if with_logo:
        for institution in Institution.objects.all():
            institution.logo.get_renditions(*LOGO_RENDITIONS)
    assert _count_queries(client, url) == ten


def test_platform_listing_query_count_is_fixed(client, province):
    for number in range(10):
        WindowPlatformFactory(parent=province, name=f"平台{number}")
    url = "/api/v2/platforms/?limit=100"
    ten = _count_queries(client, url)
    for number in range(10, 99):
        WindowPlatformFactory(parent=province, name=f"平台{number}")
    assert _count_queries(client, url) == ten


# Public only through an approved qualification (issue 14) -----------------------------------


def _in_api(client, institution, product):
    institutions = client.get("/api/v2/institutions/?limit=100").json()["items"]
    products = client.get("/api/v2/service-products/?limit=100").json()["items"]
    return (
        institution.pk in {item["id"] for item in institutions},
        client.get(f"/api/v2/institutions/{institution.pk}/").status_code == 200,
        product.pk in {item["id"] for item in products},
        client.get(f"/api/v2/service-products/{product.pk}/").status_code == 200,
        # The API's own search goes through the same querysets.
        institution.pk
        in {item["id"] for item in client.get("/api/v2/institutions/?search=麓山").json()["items"]},
    )


@pytest.mark.parametrize("state", UNAPPROVED_STATES)
def test_an_unreviewed_institution_is_not_in_the_api_even_flagged_approved(client, changsha, state):
    institution = institution_in_state(state, changsha, name="麓山未审核事务所")
    product = make_product(institution, make_category(), name="麓山专利代理")
    assert _in_api(client, institution, product) == (False,) * 5


def test_the_api_follows_the_qualification(client, changsha):
    institution = institution_in_state("none", changsha, forged=False, name="麓山知识产权事务所")
    product = make_product(institution, make_category(), name="麓山商标注册")
    assert _in_api(client, institution, product) == (False,) * 5
    approve(institution)
    assert _in_api(client, institution, product) == (True,) * 5
    unpublish(institution)
    assert _in_api(client, institution, product) == (False,) * 5


def test_platforms_search_by_name_and_order(client, province, changsha, changsha_county):
    found = client.get("/api/v2/platforms/", {"search": "长沙"}).json()["items"]
    assert {item["id"] for item in found} == {changsha.pk, changsha_county.pk}
    assert client.get("/api/v2/platforms/", {"search": "zzqxjv"}).json()["items"] == []
    codes = [
        item["region_code"]
        for item in client.get("/api/v2/platforms/", {"order": "-region_code"}).json()["items"]
    ]
    assert codes == sorted(codes, reverse=True)
    response = client.get("/api/v2/platforms/", {"order": "kind"})
    assert response.status_code == 400
    assert "name、region_code" in response.json()["message"]


def test_platform_search_query_count_is_fixed(client, province):
    for number in range(10):
        WindowPlatformFactory(parent=province, name=f"窗口平台{number}")
    url = "/api/v2/platforms/?limit=100&search=窗口"
    ten = _count_queries(client, url)
    for number in range(10, 99):
        WindowPlatformFactory(parent=province, name=f"窗口平台{number}")
    assert _count_queries(client, url) == ten
    assert client.get(url).json()["meta"]["total_count"] == 99
