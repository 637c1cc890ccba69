"""R1.6–R1.7: an approved institution publishes service products reviewed by its platform."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model

from marketplace.catalogue.images import size_spec
from marketplace.catalogue.models import ServiceProduct
from marketplace.members.models import Notification
from marketplace.members.workflows import ensure_review_setup
from portal.factories import UserFactory
from tests.marketplace.catalogue_helpers import (
    approved_institution,
    make_category,
    make_product,
    product_fields,
    submitted_product,
)
from tests.marketplace.products_support import collection_root, library_image  # noqa: F401 — a fixture
from tests.marketplace.visibility_helpers import UNAPPROVED_STATES, institution_in_state

pytestmark = pytest.mark.usefixtures("collection_root")

CENTER_URL = "/center/service-products/"
ADD_URL = "/center/service-products/new/"


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


@pytest.fixture
def tax(db):
    return make_category()


@pytest.fixture
def bookkeeping(tax):
    return make_category("代理记账", "bookkeeping", parent=tax)


@pytest.fixture
def seller(changsha):
    return approved_institution(changsha, name="星城财税服务", user__username="seller")


@pytest.fixture
def seller_client(client, seller):
    client.force_login(seller.user)
    return client


@pytest.fixture
def changsha_reviewer(changsha):
    user = UserFactory(username="cs-reviewer")
    changsha.reviewers.add(user)
    return user


@pytest.fixture
def zhuzhou_reviewer(zhuzhou):
    user = UserFactory(username="zz-reviewer")
    zhuzhou.reviewers.add(user)
    return user


def form_data(category, **overrides):
    return {**product_fields(**overrides), "category": category.pk, "submit": "1"}


def workflow_action(client, product, action, comment=""):
    url = reverse(
        "wagtailsnippets_catalogue_serviceproduct:workflow_action",
        args=[product.pk, action, product.current_workflow_task_state.pk],
    )
    return client.post(url, {"comment": comment})


def test_the_whole_review_cycle(
    seller_client,
    seller,
    bookkeeping,
    changsha_reviewer,
    client,
    django_capture_on_commit_callbacks,
):
    # 新增产品 → 确定提交 → the manual's confirmation; not public yet.
    response = seller_client.post(ADD_URL, form_data(bookkeeping))
    assert response.status_code == 302
    page = seller_client.get(CENTER_URL).content.decode()
    assert "服务产品已提交，请等待所属窗口平台审核。" in page
    assert "审核中" in page
    product = ServiceProduct.objects.get(institution=seller)
    assert product.review_status == ServiceProduct.ReviewStatus.IN_REVIEW
    assert not product.live
    assert client.get("/services/").context["paginator"].count == 0
    assert client.get(f"/services/{product.pk}/").status_code == 404

    # The platform's reviewer rejects with a reason; the member sees it.
    client.force_login(changsha_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow_action(client, product, "reject", "价格说明不清").status_code == 302
    product.refresh_from_db()
    assert product.review_status == ServiceProduct.ReviewStatus.REJECTED
    assert "价格说明不清" in Notification.objects.get(user=seller.user).body
    client.force_login(seller.user)
    page = client.get(CENTER_URL).content.decode()
    assert "未通过" in page and "价格说明不清" in page

    # Resubmitted and approved: live on /services/.
    response = client.post(f"/center/service-products/{product.pk}/edit/", form_data(bookkeeping))
    assert response.status_code == 302
    client.force_login(changsha_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow_action(client, product, "approve").status_code == 302
    product.refresh_from_db()
    assert product.live and product.review_status == ServiceProduct.ReviewStatus.APPROVED
    client.logout()
    assert "代理记账服务" in client.get("/services/").content.decode()
    assert client.get(f"/services/{product.pk}/").status_code == 200

    # An edit goes under review while the approved version stays public.
    client.force_login(seller.user)
    response = client.post(
        f"/center/service-products/{product.pk}/edit/", form_data(bookkeeping, name="新名称服务")
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.live and product.name == "代理记账服务"
    assert product.review_status == ServiceProduct.ReviewStatus.IN_REVIEW
    client.logout()
    listing = client.get("/services/").content.decode()
    assert "代理记账服务" in listing and "新名称服务" not in listing
    detail = client.get(f"/services/{product.pk}/").content.decode()
    assert "新名称服务" not in detail


def test_unapproved_institution_is_refused(client, institution, bookkeeping):
    client.force_login(institution.user)
    response = client.get(ADD_URL)
    assert response.status_code == 403
    page = response.content.decode()
    assert "资质审核通过后才能发布服务产品" in page
    assert reverse("members:center_qualification") in page
    response = client.post(ADD_URL, form_data(bookkeeping))
    assert response.status_code == 403
    assert not ServiceProduct.objects.exists()


def test_unpublish_own_product(seller_client, seller, bookkeeping):
    product = make_product(seller, bookkeeping)
    response = seller_client.post(f"/center/service-products/{product.pk}/unpublish/")
    assert response.status_code == 302
    product.refresh_from_db()
    assert not product.live
    assert product.review_status == ServiceProduct.ReviewStatus.WITHDRAWN
    assert seller_client.get(f"/services/{product.pk}/").status_code == 404


def test_member_centre_permissions(client, seller, enterprise, changsha, bookkeeping):
    product = make_product(seller, bookkeeping)
    urls = [
        CENTER_URL,
        ADD_URL,
        f"/center/service-products/{product.pk}/edit/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    response = client.post(f"/center/service-products/{product.pk}/unpublish/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(enterprise.user)
    for url in urls:
        assert client.get(url).status_code == 403, url
    other = approved_institution(changsha, user__username="other-inst")
    client.force_login(other.user)
    assert client.get(f"/center/service-products/{product.pk}/edit/").status_code == 404
    assert client.post(f"/center/service-products/{product.pk}/unpublish/").status_code == 404
    product.refresh_from_db()
    assert product.live


def test_service_content_is_sanitised(seller_client, seller, bookkeeping):
    content = (
        '<p onclick="steal()">服务<script>alert(1)</script></p>'
        '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">链接</a>'
    )
    seller_client.post(ADD_URL, {**form_data(bookkeeping, content=content), "save_draft": "1"})
    product = ServiceProduct.objects.get(institution=seller)
    stored = product.get_latest_revision_as_object().content
    for bad in ("<script", "onclick", "onerror", "javascript:", "alert(1)"):
        assert bad not in stored
    assert "服务" in stored


def test_price_is_validated(seller_client, seller, bookkeeping):
    response = seller_client.post(
        ADD_URL,
        form_data(bookkeeping, price_mode="range", price="", price_min="500", price_max="100"),
    )
    assert response.status_code == 400
    assert "最高价不能低于最低价" in response.content.decode()
    response = seller_client.post(ADD_URL, form_data(bookkeeping, price="abc"))
    assert response.status_code == 400


def test_reviewer_of_another_platform_is_refused(
    client, seller, bookkeeping, zhuzhou_reviewer, changsha_reviewer
):
    product = submitted_product(seller, bookkeeping)
    namespace = "wagtailsnippets_catalogue_serviceproduct"
    client.force_login(zhuzhou_reviewer)
    for name in ("edit", "inspect", "history"):
        url = reverse(f"{namespace}:{name}", args=[product.pk])
        assert client.get(url).status_code in (403, 404), name
    response = workflow_action(client, product, "approve")
    assert response.status_code in (403, 404)
    product.refresh_from_db()
    assert not product.live
    listing = client.get(reverse(f"{namespace}:list")).content.decode()
    assert "代理记账服务" not in listing
    client.force_login(changsha_reviewer)
    assert client.get(reverse(f"{namespace}:inspect", args=[product.pk])).status_code == 200
    assert client.get(reverse(f"{namespace}:list")).status_code == 200
    queue = client.get("/admin/marketplace/review-queue/").content.decode()
    assert "代理记账服务" in queue


def test_listing_filters_and_hidden_states(client, seller, tax, bookkeeping, changsha):
    audit = make_category("审计", "audit", parent=tax)
    law = make_category("法律服务", "law")
    make_product(seller, bookkeeping, name="记账A")
    make_product(seller, audit, name="审计B", price_mode="negotiable", price=None)
    make_product(seller, law, name="法律C")
    make_product(seller, law, name="草稿D", live=False)
    submitted_product(seller, law, name="审核中E")
    hidden = approved_institution(changsha, user__is_active=False)
    make_product(hidden, law, name="停用F")

    def names(query=""):
        response = client.get(f"/services/{query}")
        assert response.status_code == 200
        return {product.name for product in response.context["products"]}

    assert names() == {"记账A", "审计B", "法律C"}
    assert names("?category=tax") == {"记账A", "审计B"}
    assert names("?category=audit") == {"审计B"}
    assert names("?price_mode=negotiable") == {"审计B"}
    # Bad input is ignored, never an error page.
    assert names("?category=nope&sort=bogus") == {"记账A", "审计B", "法律C"}


def listing_queries(client, url):
    # Warm the content-version key and sessions so both runs count the same work.
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_query_count_is_fixed(client, seller, bookkeeping):
    # Covers too: a few library images shared by the products (the prefetch is per page).
    covers = [library_image(seller.user, f"cover{index}.jpg") for index in range(3)]
    for index in range(10):
        make_product(seller, bookkeeping, name=f"服务{index}", cover=covers[index % 3])
    with_10 = listing_queries(client, "/services/")
    for index in range(10, 100):
        make_product(seller, bookkeeping, name=f"服务{index}", cover=covers[index % 3])
    assert listing_queries(client, "/services/") == with_10
    assert client.get("/services/").text.count('data-testid="service-cover"') == 20


# The cover image: chosen from the institution's own 图片库 (R2.4) --------------------------


def test_cover_is_chosen_from_the_members_own_library(
    seller_client, seller, bookkeeping, changsha_reviewer, client
):
    mine = library_image(seller.user, "mine.jpg")
    page = seller_client.get(ADD_URL).text
    # Radio buttons among the member's own images (no JavaScript needed). The form itself sends
    # no file: its only file input is the in-place 上传图片 control's, which has no name.
    assert f'type="radio" name="cover" value="{mine.pk}"' in page
    assert page.count('type="file"') == 1 and "data-upload-input" in page
    assert "multipart/form-data" not in page
    draft = {**form_data(bookkeeping, cover=mine.pk), "save_draft": "1"}
    del draft["submit"]
    assert seller_client.post(ADD_URL, draft).status_code == 302
    product = ServiceProduct.objects.get(institution=seller)
    assert product.get_latest_revision_as_object().cover == mine
    # The edit form shows it chosen; then 确定提交.
    edit_url = f"/center/service-products/{product.pk}/edit/"
    assert f'name="cover" value="{mine.pk}" checked' in seller_client.get(edit_url).text
    assert seller_client.post(edit_url, form_data(bookkeeping, cover=mine.pk)).status_code == 302

    client.force_login(changsha_reviewer)
    assert workflow_action(client, product, "approve").status_code == 302
    client.logout()
    product.refresh_from_db()
    assert product.live and product.cover == mine
    for url in ("/services/", f"/services/{product.pk}/"):
        text = client.get(url).text
        jpeg = mine.renditions.get(filter_spec=size_spec("thumbnail")).url
        webp = mine.renditions.get(filter_spec=size_spec("thumbnail", "webp")).url
        assert f'src="{jpeg}"' in text and webp in text, url
        assert "<picture" in text


def test_another_members_image_cannot_be_the_cover(
    seller_client, seller, bookkeeping, changsha, enterprise
):
    other = approved_institution(changsha, user__username="other-inst")
    theirs = library_image(other.user, "theirs.jpg")
    enterprise_image = library_image(enterprise.user, "ent.jpg")
    page = seller_client.get(ADD_URL).text
    for image in (theirs, enterprise_image):
        assert f'name="cover" value="{image.pk}"' not in page
    for image in (theirs, enterprise_image):
        response = seller_client.post(ADD_URL, form_data(bookkeeping, cover=image.pk))
        assert response.status_code == 400
        assert "所选图片不在您的图片库中" in response.text
    assert not ServiceProduct.objects.exists()
    # Editing an existing product with someone else's image: refused, nothing changes.
    product = make_product(seller, bookkeeping)
    response = seller_client.post(
        f"/center/service-products/{product.pk}/edit/", form_data(bookkeeping, cover=theirs.pk)
    )
    assert response.status_code == 400
    product.refresh_from_db()
    assert product.cover is None
    assert product.get_latest_revision_as_object().cover is None


def test_public_pages_never_create_a_rendition(client, seller, bookkeeping):
    Rendition = get_image_model().get_rendition_model()
    ready = library_image(seller.user, "ready.jpg")
    pending = library_image(seller.user, "pending.jpg")
    pending.renditions.all().delete()  # as if the background task had not run yet
    with_ready = make_product(seller, bookkeeping, name="有封面", cover=ready)
    with_pending = make_product(seller, bookkeeping, name="封面生成中", cover=pending)
    before = Rendition.objects.count()
    listing = client.get("/services/").text
    for product in (with_ready, with_pending):
        assert client.get(f"/services/{product.pk}/").status_code == 200
    assert Rendition.objects.count() == before
    assert "图片准备中" in listing  # the placeholder for the pending one
    assert ready.renditions.get(filter_spec=size_spec("thumbnail")).url in listing
    detail = client.get(f"/services/{with_pending.pk}/").text
    assert "图片准备中" in detail
    assert Rendition.objects.count() == before


def test_choosing_an_older_cover_makes_its_sizes(
    seller_client, seller, bookkeeping, django_capture_on_commit_callbacks
):
    older = library_image(seller.user, "older.jpg")
    older.renditions.all().delete()  # e.g. uploaded before the library made the sizes
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            ADD_URL, {**form_data(bookkeeping, cover=older.pk), "save_draft": "1"}
        )
    assert response.status_code == 302
    assert older.renditions.count() >= 6


def test_institution_page_lists_its_live_products(client, seller, bookkeeping):
    make_product(seller, bookkeeping, name="上架的服务")
    make_product(seller, bookkeeping, name="草稿的服务", live=False)
    page = client.get(f"/institutions/{seller.pk}/").content.decode()
    assert "上架的服务" in page and "草稿的服务" not in page


def test_home_page_sections(client, home_page, seller, bookkeeping, enterprise, monkeypatch):
    import datetime

    from django.utils import timezone

    # Only this slice's sections: the others have their own tests.
    from marketplace.catalogue.home_sections import latest_demands, latest_services
    from marketplace.catalogue.models import Demand

    monkeypatch.setattr(
        "home.sections.home_section_providers", lambda: [latest_services, latest_demands]
    )

    make_product(seller, bookkeeping, name="首页服务")
    make_product(seller, bookkeeping, name="首页草稿", live=False)
    common = {"enterprise": enterprise, "category": bookkeeping, "description": "说明"}
    common |= {"region_name": "长沙市", "contact_name": "张", "contact_phone": "13800000000"}
    today = timezone.localdate()
    Demand.objects.create(title="首页需求", deadline=today + datetime.timedelta(3), **common)
    Demand.objects.create(title="过期需求", deadline=today - datetime.timedelta(3), **common)
    page = client.get("/").content.decode()
    assert "首页服务" in page and "首页草稿" not in page
    assert "首页需求" in page and "过期需求" not in page


@pytest.mark.parametrize("state", UNAPPROVED_STATES)
def test_home_page_leaves_out_unreviewed_institutions_services(
    client, home_page, seller, bookkeeping, changsha, monkeypatch, state
):
    from marketplace.catalogue.home_sections import latest_services

    monkeypatch.setattr("home.sections.home_section_providers", lambda: [latest_services])
    make_product(seller, bookkeeping, name="已审核机构的首页服务")
    unreviewed = institution_in_state(state, changsha, name="未审核首页机构")
    make_product(unreviewed, bookkeeping, name="未审核机构的首页服务")
    page = client.get("/").content.decode()
    assert "已审核机构的首页服务" in page
    assert "未审核机构的首页服务" not in page and "未审核首页机构" not in page
