"""Public 服务机构 directory (R1.7) and members-only 企业信息 directory (R1.8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.members.demo.qualifications import save_qualification
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.media import LOGO_RENDITIONS
from portal.factories import ImageFactory
from tests.marketplace.catalogue_helpers import make_category, make_product
from tests.marketplace.visibility_helpers import (
    UNAPPROVED_STATES,
    approve,
    approve_pending,
    institution_in_state,
    unpublish,
)

INSTITUTIONS_URL = reverse("members:institution_list")
ENTERPRISES_URL = reverse("members:enterprise_list")


def test_directory_lists_approved_institutions_only(client, changsha):
    InstitutionFactory(platform=changsha, approved=True, name="已认证的机构")
    InstitutionFactory(platform=changsha, name="未审核的机构")
    InstitutionFactory(
        platform=changsha, approved=True, name="停用账号的机构", user__is_active=False
    )
    text = client.get(INSTITUTIONS_URL).text
    assert "已认证的机构" in text
    assert "未审核的机构" not in text
    assert "停用账号的机构" not in text


def test_filters_by_kind_platform_subtree_and_region(client, changsha, zhuzhou, changsha_county):
    InstitutionFactory(platform=changsha, approved=True, kind="expert", name="长沙专家")
    InstitutionFactory(platform=changsha_county, approved=True, kind="saas", name="长沙县云服务")
    InstitutionFactory(platform=zhuzhou, approved=True, kind="social", name="株洲咨询")

    def names(query):
        response = client.get(INSTITUTIONS_URL, query)
        assert response.status_code == 200
        return {i.name for i in response.context["institutions"]}

    assert names({"kind": "expert"}) == {"长沙专家"}
    assert names({"platform": changsha.pk}) == {"长沙专家", "长沙县云服务"}
    assert names({"region": "430100"}) == {"长沙专家", "长沙县云服务"}
    assert names({"region": "430121"}) == {"长沙县云服务"}
    assert names({"region": "430000"}) == {"长沙专家", "长沙县云服务", "株洲咨询"}
    # Nonsense filters are ignored, never an error page.
    assert len(names({"kind": "nope", "platform": "abc", "region": "x" * 50})) == 3


def test_pagination_keeps_the_filters(client, changsha):
    for number in range(25):
        InstitutionFactory(platform=changsha, approved=True, kind="expert", name=f"专家{number}")
    response = client.get(INSTITUTIONS_URL, {"kind": "expert"})
    assert "kind=expert&amp;page=2" in response.text or "page=2&amp;kind=expert" in response.text
    assert client.get(INSTITUTIONS_URL, {"kind": "expert", "page": 99}).status_code == 404


def test_detail_shows_public_fields_only(client, changsha):
    institution = InstitutionFactory(
        platform=changsha, approved=True, name="星城财税", service_scope="代理记账"
    )
    text = client.get(reverse("members:institution_detail", args=[institution.pk])).text
    assert "星城财税" in text and "代理记账" in text and "长沙市综合性窗口平台" in text
    assert institution.user.username not in text
    assert institution.user.email not in text
    assert "统一社会信用代码" not in text and "营业执照" not in text


def test_unapproved_detail_is_404(client, changsha):
    pending = InstitutionFactory(platform=changsha)
    assert client.get(reverse("members:institution_detail", args=[pending.pk])).status_code == 404


def _queries(client, url):
    client.get(url)  # warm the per-process caches (site, navigation settings)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("with_logos", [False, True])
def test_institution_directory_query_count_is_fixed(client, changsha, with_logos):
    def add(count):
        for _ in range(count):
            logo = ImageFactory() if with_logos else None
            if logo:
                logo.get_renditions(*LOGO_RENDITIONS)
            InstitutionFactory(platform=changsha, approved=True, logo=logo)

    add(10)
    url = INSTITUTIONS_URL + "?region=430100"
    ten = _queries(client, url)
    add(90)
    assert _queries(client, url) == ten


def test_enterprise_directory_needs_login(client, db):
    response = client.get(ENTERPRISES_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    enterprise = EnterpriseFactory()
    detail = client.get(reverse("members:enterprise_detail", args=[enterprise.pk]))
    assert detail.status_code == 302


def test_enterprise_directory_filters(institution_client, db):
    EnterpriseFactory(name="长沙制造", region_code="430121", region_name="长沙县", industry="C")
    EnterpriseFactory(name="株洲软件", region_code="430200", region_name="株洲市", industry="I")

    def names(query):
        response = institution_client.get(ENTERPRISES_URL, query)
        return {e.name for e in response.context["enterprises"]}

    assert names({"region": "430100"}) == {"长沙制造"}
    assert names({"industry": "I"}) == {"株洲软件"}
    assert names({"industry": "?"}) == {"长沙制造", "株洲软件"}


def test_enterprise_detail_hides_private_fields(enterprise_client, db):
    other = EnterpriseFactory(name="岳阳食品", contact_email="secret@example.com")
    text = enterprise_client.get(reverse("members:enterprise_detail", args=[other.pk])).text
    assert "岳阳食品" in text
    assert other.credit_code not in text
    assert "secret@example.com" not in text


def test_enterprise_directory_query_count_is_fixed(enterprise_client, db):
    for _ in range(9):
        EnterpriseFactory()
    ten = _queries(enterprise_client, ENTERPRISES_URL)
    for _ in range(90):
        EnterpriseFactory()
    assert _queries(enterprise_client, ENTERPRISES_URL) == ten


# Public only through an approved qualification (issue 14) -----------------------------------


def _public_everywhere(client, institution, product):
    """Where the institution and its live product show: directory, detail, services, detail."""
    return (
        institution.name in client.get(INSTITUTIONS_URL).text,
        client.get(reverse("members:institution_detail", args=[institution.pk])).status_code == 200,
        product.name in client.get(reverse("catalogue:service_list")).text,
        client.get(product.get_absolute_url()).status_code == 200,
    )


@pytest.mark.parametrize("state", UNAPPROVED_STATES)
def test_an_unreviewed_institution_is_not_public_even_flagged_approved(client, changsha, state):
    institution = institution_in_state(state, changsha, name="未经审核的机构")
    product = make_product(institution, make_category(), name="未经审核机构的服务")
    assert institution.is_approved  # set by hand: only the qualification counts
    assert _public_everywhere(client, institution, product) == (False, False, False, False)


def test_public_from_approval_until_the_qualification_is_withdrawn(client, changsha):
    institution = institution_in_state("pending", changsha, forged=False, name="星城审核中机构")
    product = make_product(institution, make_category(), name="星城代理记账")
    assert _public_everywhere(client, institution, product) == (False, False, False, False)

    approve_pending(institution)
    assert _public_everywhere(client, institution, product) == (True, True, True, True)

    # A pending change leaves the approved version in force.
    save_qualification(institution, {"service_scope": "代理记账、税务筹划"}, submit=True)
    assert _public_everywhere(client, institution, product) == (True, True, True, True)

    unpublish(institution)
    assert _public_everywhere(client, institution, product) == (False, False, False, False)


def test_a_rejected_qualification_is_not_public_until_approved(client, changsha):
    institution = institution_in_state("rejected", changsha, forged=False, name="星城退回机构")
    product = make_product(institution, make_category(), name="星城退回机构的服务")
    assert _public_everywhere(client, institution, product) == (False, False, False, False)
    approve(institution)  # resubmitted and approved
    assert _public_everywhere(client, institution, product) == (True, True, True, True)
