"""Oversized text on every marketplace form is refused in Chinese, naming the field and the
limit, and nothing is stored (issue 14: 1 MB was accepted in product descriptions, profiles…)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.catalogue.models import ContentReport, Demand, EnterpriseProduct, ServiceProduct
from marketplace.members.factories import InstitutionFactory
from marketplace.members.models import Enterprise, Institution, Qualification
from marketplace.members.workflows import ensure_review_setup
from marketplace.trade.models import Evaluation, Order
from tests.marketplace.catalogue_helpers import (
    approved_institution,
    make_category,
    make_product,
    product_fields,
)
from tests.marketplace.members.test_center import profile_data
from tests.marketplace.products_support import category_tree
from tests.marketplace.trade.test_orders import advance

HUGE = "x" * 1_048_576  # what the probe sent: 1 MB


def refused(response, message, status=(200, 400)):
    assert response.status_code in status
    assert message in response.content.decode()


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


# 企业资料 / 机构资料 (修改并提交) --------------------------------------------------------------


PROFILE = profile_data()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("introduction", "企业简介最多 2000 个字，当前 1048576 个字。"),
        ("address", "详细地址最多 255 个字，当前 1048576 个字。"),
    ],
)
def test_enterprise_profile(enterprise_client, enterprise, field, message):
    before = Enterprise.objects.values().get(pk=enterprise.pk)
    response = enterprise_client.post(
        reverse("members:center_enterprise_profile"), {**PROFILE, field: HUGE}
    )
    refused(response, message)
    assert Enterprise.objects.values().get(pk=enterprise.pk) == before


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("introduction", "机构简介最多 2000 个字，当前 1048576 个字。"),
        ("service_scope", "服务范围最多 1000 个字，当前 1048576 个字。"),
    ],
)
def test_institution_profile(institution_client, institution, field, message):
    data = {"introduction": "简介", "service_scope": "代理记账", "contact_phone": "0731-1234567"}
    response = institution_client.post(
        reverse("members:center_institution_profile"), {**data, field: HUGE}
    )
    refused(response, message)
    institution.refresh_from_db()
    assert HUGE not in (institution.introduction, institution.service_scope)


# 资质表 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("service_scope", "服务范围最多 1000 个字，当前 1048576 个字。"),
        ("introduction", "机构简介最多 2000 个字，当前 1048576 个字。"),
    ],
)
def test_qualification_of_an_organisation(institution_client, institution, field, message):
    data = {"legal_name": "长沙星城财税服务有限公司", "save_draft": "1", field: HUGE}
    refused(institution_client.post("/center/qualification/", data), message, (400,))
    assert not Qualification.objects.exists()


def test_qualification_of_an_expert(client, changsha):
    expert = InstitutionFactory(kind=Institution.Kind.EXPERT, platform=changsha)
    client.force_login(expert.user)
    data = {"expert_name": "刘专家", "resume": HUGE, "save_draft": "1"}
    response = client.post("/center/qualification/", data)
    refused(response, "个人简历最多 3000 个字，当前 1048576 个字。", (400,))
    assert not Qualification.objects.exists()


# 新增产品 (enterprise products) ---------------------------------------------------------------


@pytest.mark.usefixtures("collection_root", "home_page")
@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("description", "产品描述最多 20000 个字符（含排版代码），当前 1048576 个字符。"),
        ("specifications", "规格参数最多 3000 个字，当前 1048576 个字。"),
        ("summary", "产品简介最多 200 个字，当前 1048576 个字。"),
    ],
)
def test_enterprise_product(enterprise_client, field, message):
    from tests.marketplace.products_support import library_image

    _equipment, machinery, _electronics = category_tree()
    image = library_image(Enterprise.objects.get().user)
    data = {
        "category": machinery.pk,
        "name": "智能挖掘机",
        "unit": "台",
        "description": "<p>节能</p>",
        "main_images": [image.pk],
        field: HUGE,
    }
    url = reverse("catalogue:center_product_create")
    refused(enterprise_client.post(url, data), message, (400,))
    assert not EnterpriseProduct.objects.exists()


@pytest.mark.usefixtures("collection_root", "home_page")
def test_product_description_that_escaping_lengthens_is_refused(enterprise_client):
    """20000 ampersands are within the limit as typed, 100000 characters once escaped."""
    from tests.marketplace.products_support import library_image

    _equipment, machinery, _electronics = category_tree()
    image = library_image(Enterprise.objects.get().user)
    data = {"category": machinery.pk, "name": "产品", "main_images": [image.pk]}
    response = enterprise_client.post(
        reverse("catalogue:center_product_create"), {**data, "description": "&" * 20000}
    )
    refused(response, "产品描述最多 20000 个字符（含排版代码），当前 100000 个字符。", (400,))
    assert not EnterpriseProduct.objects.exists()


# 发布需求 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("description", "需求描述最多 5000 个字，当前 1048576 个字。"),
        ("title", "需求标题最多 100 个字，当前 1048576 个字。"),
    ],
)
def test_demand(enterprise_client, field, message):
    data = {
        "title": "寻找代理记账服务",
        "category": make_category().pk,
        "description": "每月记账报税。",
        "region_name": "长沙市",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "contact_name": "张经理",
        "contact_phone": "13800000000",
        "confirm": "1",
        field: HUGE,
    }
    refused(enterprise_client.post("/center/demands/new/", data), message, (400,))
    assert not Demand.objects.exists()


# 服务产品 (service products, rich text) -------------------------------------------------------


@pytest.mark.usefixtures("collection_root")
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HUGE, "服务内容最多 10000 个字（不含排版代码），当前 1048576 个字。"),
        # Little text, much HTML: the stored HTML is capped too.
        ("<p><b>字</b></p>" * 3000, "服务内容最多 30000 个字符（含排版代码），当前 45000 个字符。"),
    ],
)
def test_service_product(client, changsha, content, message):
    seller = approved_institution(changsha, user__username="seller")
    client.force_login(seller.user)
    category = make_category()
    data = {**product_fields(content=content), "category": category.pk, "save_draft": "1"}
    refused(client.post("/center/service-products/new/", data), message, (400,))
    assert not ServiceProduct.objects.exists()


# Orders: 备注, 取消原因; evaluations: comment, reply ----------------------------------------------


@pytest.fixture
def seller(changsha):
    return InstitutionFactory(user__username="seller", platform=changsha, approved=True)


@pytest.fixture
def buyer(enterprise):
    return enterprise


@pytest.fixture
def product(seller):
    return make_product(seller, make_category())


@pytest.fixture
def order(buyer, product):
    return Order.place(buyer.user, product, quantity_or_scope="1 年", idempotency_key="k1")


def test_order_note(client, buyer, product):
    client.force_login(buyer.user)
    data = {"quantity_or_scope": "1 年", "note": HUGE, "idempotency_key": "abcdef123"}
    response = client.post(reverse("trade:service_buy", args=[product.pk]), data)
    refused(response, "备注最多 1000 个字，当前 1048576 个字。", (400,))
    assert not Order.objects.exists()


def test_cancel_reason(client, order, buyer):
    client.force_login(buyer.user)
    url = reverse("trade:center_order_cancel", args=[order.pk])
    response = client.post(url, {"reason": HUGE}, follow=True)
    refused(response, "取消原因最多 500 个字，当前 1048576 个字。")
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED and not order.cancel_reason


def test_cancel_reason_checked_by_the_model_too(order, buyer):
    from marketplace.trade.models import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed, match="取消原因最多 500 个字，当前 501 个字。"):
        order.cancel(buyer.user, "x" * 501)


def test_evaluation_comment_and_reply(client, order, buyer, seller):
    advance(order, buyer, seller, Order.Status.COMPLETED)
    client.force_login(buyer.user)
    url = reverse("trade:center_order_evaluate", args=[order.pk])
    scores = {"score": "5", "quality_score": "4", "speed_score": "5", "expertise_score": "3"}
    response = client.post(url, {**scores, "comment": HUGE})
    refused(response, "评价内容最多 1000 个字，当前 1048576 个字。", (400,))
    assert not Evaluation.objects.exists()

    client.post(url, {**scores, "comment": "很好"})
    client.force_login(seller.user)
    reply = reverse("trade:center_institution_evaluation_reply", args=[order.pk])
    response = client.post(reply, {"reply": HUGE}, follow=True)
    refused(response, "回复最多 1000 个字，当前 1048576 个字。")
    assert Evaluation.objects.get().reply == ""


# 举报 (the public) --------------------------------------------------------------------------


def test_content_report(client, enterprise):
    demand = Demand.objects.create(
        enterprise=enterprise,
        category=make_category(),
        title="可疑需求",
        description="说明",
        region_name="长沙市",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        contact_name="张经理",
        contact_phone="13800000000",
    )
    response = client.post(demand.get_report_url(), {"reason": "fraud", "detail": HUGE})
    refused(response, "补充说明最多 1000 个字，当前 1048576 个字。")
    assert not ContentReport.objects.exists()
