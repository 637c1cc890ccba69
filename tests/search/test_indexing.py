"""The marketplace models in the search index, kept current by background tasks.

Visibility is decided at query time from the rows (see search/sources.py); these tests follow
each change a member, a reviewer or an operator makes and check what the search then finds,
and that the index itself holds only approved text.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models
from wagtail.search.models import IndexEntry

from marketplace.catalogue.models import Demand, EnterpriseProduct, ServiceCategory, ServiceProduct
from marketplace.members.models import Institution, Qualification
from portal.factories import SuperUserFactory, UserFactory
from search.tasks import update_search_index
from tests.marketplace.catalogue_helpers import product_fields
from tests.marketplace.visibility_helpers import (
    UNAPPROVED_STATES,
    approve_pending,
    institution_in_state,
    unpublish,
)
from tests.search.builders import site_fixture  # noqa: F401 - the `site` fixture


def found(client, query, kind):
    data = client.get("/api/v2/search/", {"q": query, "type": kind}).json()
    return [item["title"] for item in data["items"]]


def index_entry(obj):
    """The index entry of `obj` (its indexed title and body text), or None."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return IndexEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).first()


def indexed_text(obj):
    entry = index_entry(obj)
    if entry is None:
        return ""
    # SQLite stores segmented tokens (bigrams) and PostgreSQL tsvectors; both keep the bigrams.
    return f"{entry.title} {entry.body} {getattr(entry, 'body_text', '')}"


def test_every_kind_is_indexed_and_rebuilt_by_update_index(client, site):
    models = set(get_indexed_models())
    for model in (ServiceProduct, EnterpriseProduct, Demand, Institution):
        assert model in models
    site.one_of_each("融资")
    IndexEntry.objects.all().delete()
    assert found(client, "融资", "service") == []

    call_command("update_index", verbosity=0)

    data = client.get("/api/v2/search/", {"q": "融资"}).json()
    assert data["counts"] == {
        "policy": 1,
        "activity": 1,
        "declaration": 1,
        "news": 1,
        "service": 1,
        "product": 1,
        "demand": 1,
        "institution": 2,
    }


def test_rebuild_leaves_unapproved_service_products_out(client, site):
    draft = site.service("只有草稿的融资服务", live=False)
    live = site.service("已上架的融资服务")
    call_command("update_index", verbosity=0)
    assert index_entry(draft) is None
    assert index_entry(live) is not None


# Service products: the member centre and the platform's review ---------------------------------


@pytest.fixture
def reviewer(site):
    user = UserFactory(username="search-reviewer")
    site.platform.reviewers.add(user)
    return user


def review(client, reviewer, product, action):
    product.refresh_from_db()
    client.force_login(reviewer)
    url = reverse(
        "wagtailsnippets_catalogue_serviceproduct:workflow_action",
        args=[product.pk, action, product.current_workflow_task_state.pk],
    )
    assert client.post(url, {"comment": "审核意见"}).status_code == 302
    client.logout()


def member_post(client, user, url, **fields):
    client.force_login(user)
    response = client.post(url, fields)
    client.logout()
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_a_service_product_through_review_take_down_and_edits(
    client, site, reviewer, django_capture_on_commit_callbacks
):
    institution = site.institution("星城财税服务")
    category = site.service_category
    form = {**product_fields(name="高新技术企业认定辅导"), "category": category.pk, "submit": "1"}

    # Submitted: in review, not public, not even in the index.
    member_post(client, institution.user, "/center/service-products/new/", **form)
    product = ServiceProduct.objects.get(institution=institution)
    assert product.review_status == ServiceProduct.ReviewStatus.IN_REVIEW
    assert found(client, "高新技术", "service") == []
    assert index_entry(product) is None

    # Approved by the platform (the workflow publishes the snippet): found.
    with django_capture_on_commit_callbacks(execute=True):
        review(client, reviewer, product, "approve")
    assert found(client, "高新技术", "service") == ["高新技术企业认定辅导"]

    # An edit under review: the approved text stays the one found; the new one is not.
    edit = {**form, "name": "专精特新申报辅导", "summary": "协助企业申报省级专精特新。"}
    member_post(client, institution.user, f"/center/service-products/{product.pk}/edit/", **edit)
    assert found(client, "专精特新", "service") == []
    assert found(client, "高新技术", "service") == ["高新技术企业认定辅导"]
    assert "专精" not in indexed_text(product)

    # Approved: the new text is found, the old one no longer.
    with django_capture_on_commit_callbacks(execute=True):
        review(client, reviewer, product, "approve")
    assert found(client, "专精特新", "service") == ["专精特新申报辅导"]
    assert found(client, "高新技术", "service") == []

    # 下架 by the institution: gone from the search and from the index.
    member_post(client, institution.user, f"/center/service-products/{product.pk}/unpublish/")
    assert found(client, "专精特新", "service") == []
    assert index_entry(product) is None


def test_a_rejected_service_product_is_never_found(
    client, site, reviewer, django_capture_on_commit_callbacks
):
    institution = site.institution("星城法律服务")
    form = {
        **product_fields(name="股权激励方案设计"),
        "category": site.service_category.pk,
        "submit": "1",
    }
    member_post(client, institution.user, "/center/service-products/new/", **form)
    product = ServiceProduct.objects.get(institution=institution)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, reviewer, product, "reject")
    product.refresh_from_db()
    assert product.review_status == ServiceProduct.ReviewStatus.REJECTED
    assert found(client, "股权激励", "service") == []


def test_institution_approval_and_deactivation(client, site):
    institution = site.institution("麓山知识产权事务所", approved=False)
    product = site.service("专利申请代理", institution)
    assert found(client, "知识产权", "institution") == []
    assert found(client, "专利申请", "service") == []

    # Its qualification is approved: the institution and its live products become public.
    qualification = Qualification.objects.create(
        institution=institution, legal_name="麓山知识产权事务所", live=False
    )
    qualification.save_revision().publish()
    institution.refresh_from_db()
    assert institution.is_approved
    assert found(client, "知识产权", "institution") == ["麓山知识产权事务所"]
    assert found(client, "专利申请", "service") == ["专利申请代理"]

    # The account is deactivated: all of it leaves the search.
    user = institution.user
    user.is_active = False
    user.save()
    assert found(client, "知识产权", "institution") == []
    assert found(client, "专利申请", "service") == []
    assert index_entry(product) is not None  # still indexed; filtered at query time


def test_an_institution_renamed_is_found_by_its_new_name_in_its_products(client, site):
    institution = site.institution("旧名称咨询中心")
    site.service("企业管理诊断", institution)
    assert found(client, "旧名称", "service") == ["企业管理诊断"]

    institution.name = "岳麓管理研究院"
    institution.save()

    assert found(client, "岳麓管理研究院", "service") == ["企业管理诊断"]
    assert found(client, "旧名称", "service") == []


def _searched(client, query, institution, service):
    """What the site search shows: the titles by the API, and links on the /search/ page."""
    page = client.get("/search/", {"q": query}).content.decode()
    return (
        found(client, query, "institution"),
        found(client, query, "service"),
        f'href="/institutions/{institution.pk}/"' in page,
        f'href="{service.get_absolute_url()}"' in page,
    )


@pytest.mark.parametrize("state", UNAPPROVED_STATES)
def test_an_unreviewed_institution_is_never_found_even_flagged_approved(client, site, state):
    institution = institution_in_state(state, site.platform, name="麓山未审核事务所")
    service = site.service("麓山未审核专利代理", institution)
    assert institution.is_approved  # set by hand: only the qualification counts
    assert _searched(client, "麓山未审核", institution, service) == ([], [], False, False)


def test_an_institution_is_found_from_approval_until_its_qualification_is_withdrawn(client, site):
    institution = institution_in_state("pending", site.platform, forged=False, name="岳麓事务所")
    service = site.service("岳麓专利代理", institution)
    nothing = ([], [], False, False)
    assert _searched(client, "岳麓", institution, service) == nothing
    approve_pending(institution)
    assert _searched(client, "岳麓", institution, service) == (
        ["岳麓事务所"],
        ["岳麓专利代理"],
        True,
        True,
    )
    unpublish(institution)
    assert _searched(client, "岳麓", institution, service) == nothing


# Enterprise products and demands: published at once, taken down by operators ------------------


def test_an_enterprise_product_taken_down_withdrawn_and_relisted(client, site):
    product = site.product("智能巡检机器人")
    assert found(client, "巡检机器人", "product") == ["智能巡检机器人"]

    admin = SuperUserFactory(username="operator")
    client.force_login(admin)
    takedown_url = reverse("enterpriseproduct:takedown", args=[product.pk])
    response = client.post(takedown_url, {"takedown_reason": "图片侵权"})
    assert response.status_code == 302
    client.logout()
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.TAKEN_DOWN
    assert found(client, "巡检机器人", "product") == []

    product.status = EnterpriseProduct.Status.PUBLISHED
    product.description = "<p>适用于<strong>变电站</strong>巡检。</p><p>续航八小时</p>"
    product.save()
    assert found(client, "变电站", "product") == ["智能巡检机器人"]
    # Tags are not words: a search for the markup finds nothing.
    assert found(client, "strong", "product") == []

    product.status = EnterpriseProduct.Status.WITHDRAWN
    product.save()
    assert found(client, "巡检机器人", "product") == []


def test_a_demand_edited_closed_and_expired(client, site):
    demand = site.demand("寻找冷链物流合作伙伴")
    assert found(client, "冷链物流", "demand") == ["寻找冷链物流合作伙伴"]

    demand.description = "需要覆盖长株潭的生鲜配送服务。"
    demand.save()
    assert found(client, "生鲜配送", "demand") == ["寻找冷链物流合作伙伴"]

    member_post(client, demand.enterprise.user, f"/center/demands/{demand.pk}/close/")
    demand.refresh_from_db()
    assert demand.status == Demand.Status.CLOSED
    assert found(client, "冷链物流", "demand") == []

    demand.status = Demand.Status.OPEN
    demand.deadline = timezone.localdate() - timezone.timedelta(days=1)
    demand.save()
    assert found(client, "冷链物流", "demand") == []


def test_an_enterprise_deactivated(client, site):
    enterprise = site.enterprise("湘江新材料有限公司")
    site.product("石墨烯导热膜", enterprise)
    site.demand("石墨烯检测需求", enterprise)
    assert found(client, "石墨烯", "product") and found(client, "石墨烯", "demand")

    enterprise.user.is_active = False
    enterprise.user.save()

    assert found(client, "石墨烯", "product") == []
    assert found(client, "石墨烯", "demand") == []


def test_a_category_renamed_reindexes_its_items(client, site):
    site.service("代理记账", site.institution("财税中心"))
    site.demand("需要代理记账")
    category = ServiceCategory.objects.get(pk=site.service_category.pk)
    category.name = "财务外包"
    category.save()

    data = client.get("/api/v2/search/", {"q": "财务外包"}).json()
    assert data["counts"]["service"] == 1 and data["counts"]["demand"] == 1


def test_the_update_task_removes_what_left_the_indexed_set(site):
    product = site.service("临时服务")
    assert index_entry(product) is not None
    ServiceProduct.objects.filter(pk=product.pk).update(live=False)  # no signal

    assert update_search_index.call("catalogue.ServiceProduct", [product.pk]) == 0

    assert index_entry(product) is None
    backend = get_search_backend()
    assert list(backend.search("临时服务", ServiceProduct.objects.all())) == []
