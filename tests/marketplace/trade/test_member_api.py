"""/api/v2/me/orders/: 购买服务, 我的订单 / 企业订单 and the order actions through the API.

The same forms and transitions as the member centre: what the page refuses, the API refuses,
with the same Chinese message, and nothing changes. Who may not: anonymous apps (401), a
reviewer's browser session (401: sessions never authenticate the API), the other kind of member
on kind-specific endpoints (403), another enterprise or institution (404).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from marketplace.members.factories import EnterpriseFactory
from marketplace.members.models import Notification
from marketplace.trade.models import Evaluation, Order
from portal.factories import UserFactory
from tests.marketplace.catalogue_helpers import make_category, make_product
from tests.member_api import MemberApp

PASSWORD = "portal-pass-2026"
ORDERS = "/api/v2/me/orders/"
S = Order.Status
SCORES = {"score": 5, "quality_score": 4, "speed_score": 5, "expertise_score": 3}


@pytest.fixture
def reviewer(changsha):
    user = UserFactory(username="cs-reviewer", is_staff=True)
    changsha.reviewers.add(user)
    return user


@pytest.fixture
def order(buyer, product):
    return Order.place(buyer.user, product, quantity_or_scope="一年", idempotency_key="setup-1")


def app_for(client, member):
    return MemberApp(client).login(member.user.username, PASSWORD)


def buy(app, product, key="buy-key-0001", **fields):
    data = {"service_product": product.pk, "quantity_or_scope": "全年代理记账", **fields}
    return app.post(ORDERS, data, headers={"HTTP_IDEMPOTENCY_KEY": key} if key else None)


def footprint(order):
    """What a refused action must leave as it was."""
    order.refresh_from_db()
    return (
        order.status,
        order.updated_at,
        ModelLogEntry.objects.for_instance(order).count(),
        Notification.objects.count(),
    )


def submitted(order, seller, buyer):
    """An order whose contract is submitted (the order's own transitions; contracts aside)."""
    order.start_contract(seller.user)
    order.confirm_contract(buyer.user)
    order.submit_contract(seller.user)
    return order


# 购买服务 ----------------------------------------------------------------------------------------


def test_buying_twice_with_one_key_makes_one_order(
    client, buyer, product, django_capture_on_commit_callbacks
):
    app = app_for(client, buyer)
    with django_capture_on_commit_callbacks(execute=True):
        first = buy(app, product, expected_time="年底前", note="请尽快联系")
        second = buy(app, product, expected_time="年底前", note="请尽快联系")
    assert first.status_code == 201, first.content.decode()
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert Order.objects.count() == 1
    order = Order.objects.get()
    assert order.enterprise == buyer and order.service_product == product
    assert order.quantity_or_scope == "全年代理记账" and order.note == "请尽快联系"
    assert (
        ModelLogEntry.objects.for_instance(order).filter(action="marketplace.order.placed").count()
        == 1
    )
    # The institution is told once.
    assert Notification.objects.filter(user=product.institution.user).count() == 1

    body = first.json()
    assert body["status"] == "placed" and body["status_label"] == "已下单"
    assert body["number"] == order.number
    assert body["institution"]["name"] == "星城财税服务"
    assert body["price_text"] == order.price_text
    assert body["service_product"]["url"].startswith("http://")
    assert body["url"] == f"http://testserver{ORDERS}{order.pk}/"
    assert [a["action"] for a in body["allowed_actions"]] == ["cancel"]

    # The key may also come in the body, as the page's hidden field does.
    third = app.post(
        ORDERS,
        {
            "service_product": product.pk,
            "quantity_or_scope": "一次",
            "idempotency_key": "body-key-1",
        },
    )
    assert third.status_code == 201
    assert Order.objects.count() == 2


def test_the_purchase_form_refuses_what_the_page_refuses(client, buyer, product):
    app = app_for(client, buyer)
    missing = buy(app, product, quantity_or_scope="")
    assert missing.status_code == 400
    assert "quantity_or_scope" in missing.json()["errors"]
    past = buy(app, product, expected_time="2020-01-01")
    assert past.json()["errors"]["expected_time"] == ["期望服务时间不能早于今天。"]
    no_key = buy(app, product, key=None)
    assert no_key.status_code == 400
    assert "Idempotency-Key" in no_key.json()["errors"]["idempotency_key"][0]
    bad_key = buy(app, product, key="短")
    assert "Idempotency-Key" in bad_key.json()["errors"]["idempotency_key"][0]
    no_product = app.post(
        ORDERS, {"service_product": 999999, "quantity_or_scope": "一次", "idempotency_key": "k" * 8}
    )
    assert no_product.json()["errors"]["service_product"] == ["服务产品不存在。"]
    for wrong in ("99999999999999999999", "七", -1):
        refused = buy(app, product, key="k" * 8, service_product=wrong)
        assert refused.status_code == 400, wrong
        assert "service_product" in refused.json()["errors"]
    assert app.get(f"{ORDERS}99999999999999999999/").status_code == 404
    unknown = buy(app, product, price="0")
    assert unknown.status_code == 400 and "price" in unknown.json()["message"]
    assert not Order.objects.exists()


def test_a_product_that_is_not_for_sale_is_a_409_with_the_models_message(client, buyer, seller):
    draft = make_product(seller, make_category(slug="draft-cat"), live=False)
    response = buy(app_for(client, buyer), draft)
    assert response.status_code == 409
    assert response.json() == {"message": "该服务产品未上架，无法购买。"}
    assert not Order.objects.exists()


def test_only_an_enterprise_buys(client, seller, other_institution, product):
    response = buy(app_for(client, other_institution), product)
    assert response.status_code == 403
    assert response.json()["message"] == "只有企业用户可以购买服务。"
    assert not Order.objects.exists()


# Lists and details -----------------------------------------------------------------------------


def test_each_side_lists_its_own_orders_with_the_pages_filters(
    client, buyer, seller, product, other_enterprise
):
    mine = Order.place(buyer.user, product, quantity_or_scope="一次")
    cancelled = Order.place(buyer.user, product, quantity_or_scope="两次")
    cancelled.cancel(buyer.user, "不需要了")
    theirs = Order.place(other_enterprise.user, product, quantity_or_scope="三次")

    enterprise_app = app_for(client, buyer)
    listing = enterprise_app.get(ORDERS).json()
    assert listing["meta"]["total_count"] == 2
    assert [item["id"] for item in listing["items"]] == [cancelled.pk, mine.pk]
    placed = enterprise_app.get(ORDERS, {"status": "placed"}).json()
    assert [item["id"] for item in placed["items"]] == [mine.pk]
    by_number = enterprise_app.get(ORDERS, {"q": mine.number}).json()
    assert [item["id"] for item in by_number["items"]] == [mine.pk]

    institution_app = app_for(client, seller)
    all_of_seller = institution_app.get(ORDERS).json()
    assert {item["id"] for item in all_of_seller["items"]} == {mine.pk, cancelled.pk, theirs.pk}
    items = {item["id"]: item for item in all_of_seller["items"]}
    assert items[cancelled.pk]["status_label"] == "已取消"
    assert items[cancelled.pk]["allowed_actions"] == []
    assert [a["action"] for a in items[theirs.pk]["allowed_actions"]] == [
        "start_contract",
        "cancel",
    ]
    by_enterprise = institution_app.get(ORDERS, {"q": "其他企业"}).json()
    assert [item["id"] for item in by_enterprise["items"]] == [theirs.pk]

    other_app = app_for(client, other_enterprise)
    assert [item["id"] for item in other_app.get(ORDERS).json()["items"]] == [theirs.pk]


@pytest.mark.parametrize(
    "params",
    [{"status": "paid"}, {"date_from": "昨天"}, {"q": "字" * 51}, {"sort": "number"}, {"limit": 0}],
)
def test_bad_list_parameters_are_chinese_400s(client, buyer, params):
    response = app_for(client, buyer).get(ORDERS, params)
    assert response.status_code == 400
    assert response.json()["message"]


def test_order_detail_has_what_the_page_shows(
    client, buyer, seller, order, django_capture_on_commit_callbacks
):
    order.start_contract(seller.user)
    detail = app_for(client, seller).get(f"{ORDERS}{order.pk}/").json()
    assert detail["status"] == "contracting" and detail["status_label"] == "合同制作中"
    assert detail["enterprise"]["contact_phone"] == buyer.contact_phone  # the seller sees it
    assert detail["quantity_or_scope"] == "一年"
    assert [(h["action"], h["action_label"], h["party"]) for h in detail["history"]] == [
        ("marketplace.order.placed", "下单", "enterprise"),
        ("marketplace.order.start_contract", "制作合同", "institution"),
    ]
    assert detail["history"][0]["user"] == buyer.user.get_full_name()
    assert detail["contract"] is None and detail["evaluation"] is None
    assert [a["action"] for a in detail["allowed_actions"]] == ["cancel"]

    as_buyer = app_for(client, buyer).get(f"{ORDERS}{order.pk}/").json()
    assert "contact_phone" not in as_buyer["enterprise"]


def test_another_members_order_is_a_404(client, order, other_enterprise, other_institution):
    before = footprint(order)
    for member in (other_enterprise, other_institution):
        app = app_for(client, member)
        responses = [
            app.get(f"{ORDERS}{order.pk}/"),
            app.post(f"{ORDERS}{order.pk}/cancel/", {"reason": "不是我的"}),
        ]
        if member is other_institution:
            responses.append(app.post(f"{ORDERS}{order.pk}/start-contract/"))
        else:
            responses.append(app.post(f"{ORDERS}{order.pk}/complete/"))
            responses.append(
                app.post(f"{ORDERS}{order.pk}/evaluation/", {**SCORES, "comment": "x"})
            )
        for response in responses:
            assert response.status_code == 404
            assert response.json() == {"message": "未找到，或您无权查看。"}
    assert footprint(order) == before


# Actions ---------------------------------------------------------------------------------------


def test_start_contract_and_cancel_follow_the_state_machine(
    client, buyer, seller, order, django_capture_on_commit_callbacks
):
    enterprise_app, institution_app = app_for(client, buyer), app_for(client, seller)
    refused = enterprise_app.post(f"{ORDERS}{order.pk}/start-contract/")
    assert refused.status_code == 403
    assert refused.json()["message"] == "只有服务机构用户可以使用此接口。"

    with django_capture_on_commit_callbacks(execute=True):
        started = institution_app.post(f"{ORDERS}{order.pk}/start-contract/")
    assert started.status_code == 200 and started.json()["status"] == "contracting"
    assert Notification.objects.filter(user=buyer.user).count() == 1

    before = footprint(order)
    with django_capture_on_commit_callbacks(execute=True):
        again = institution_app.post(f"{ORDERS}{order.pk}/start-contract/")
    assert again.status_code == 409
    assert again.json() == {"message": "订单当前状态为“合同制作中”，不能制作合同。"}
    assert footprint(order) == before

    no_reason = enterprise_app.post(f"{ORDERS}{order.pk}/cancel/", {"reason": ""})
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"]["reason"] == ["请填写取消原因。"]
    too_long = enterprise_app.post(f"{ORDERS}{order.pk}/cancel/", {"reason": "字" * 501})
    assert too_long.status_code == 400
    assert footprint(order) == before

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = enterprise_app.post(f"{ORDERS}{order.pk}/cancel/", {"reason": "预算调整"})
    body = cancelled.json()
    assert body["status"] == "cancelled" and body["cancel_reason"] == "预算调整"
    assert body["cancelled_by"] == "enterprise" and body["cancelled_by_label"] == "企业"
    assert body["history"][-1]["reason"] == "预算调整"

    before = footprint(order)
    with django_capture_on_commit_callbacks(execute=True):
        twice = institution_app.post(f"{ORDERS}{order.pk}/cancel/", {"reason": "再取消"})
    assert twice.status_code == 409
    assert twice.json()["message"] == "订单当前状态为“已取消”，不能取消订单。"
    assert footprint(order) == before


def test_complete_then_evaluate_once(
    client, buyer, seller, order, django_capture_on_commit_callbacks
):
    enterprise_app, institution_app = app_for(client, buyer), app_for(client, seller)
    early = enterprise_app.post(f"{ORDERS}{order.pk}/complete/")
    assert early.status_code == 409
    assert early.json()["message"] == "订单当前状态为“已下单”，不能确认服务完成。"
    too_early = enterprise_app.post(f"{ORDERS}{order.pk}/evaluation/", {**SCORES, "comment": "好"})
    assert too_early.status_code == 409
    assert too_early.json()["message"] == "服务完成后才能评价。"

    submitted(order, seller, buyer)
    assert institution_app.post(f"{ORDERS}{order.pk}/complete/").status_code == 403
    completed = enterprise_app.post(f"{ORDERS}{order.pk}/complete/")
    assert completed.status_code == 200
    assert completed.json()["status"] == "completed"
    assert [a["action"] for a in completed.json()["allowed_actions"]] == ["evaluate"]

    bad_score = enterprise_app.post(
        f"{ORDERS}{order.pk}/evaluation/", {**SCORES, "score": 6, "comment": "很好"}
    )
    assert bad_score.status_code == 400
    assert bad_score.json()["errors"]["score"] == ["“总体评分”的分数须为 1 到 5 分。"]
    no_comment = enterprise_app.post(f"{ORDERS}{order.pk}/evaluation/", SCORES)
    assert no_comment.json()["errors"]["comment"] == ["请填写评价内容。"]
    assert (
        institution_app.post(
            f"{ORDERS}{order.pk}/evaluation/", {**SCORES, "comment": "自评"}
        ).status_code
        == 403
    )

    with django_capture_on_commit_callbacks(execute=True):
        rated = enterprise_app.post(
            f"{ORDERS}{order.pk}/evaluation/", {**SCORES, "comment": "账目清楚，响应及时。"}
        )
    assert rated.status_code == 201
    assert rated.json()["score"] == 5 and rated.json()["comment"] == "账目清楚，响应及时。"
    before = footprint(order)
    with django_capture_on_commit_callbacks(execute=True):
        again = enterprise_app.post(
            f"{ORDERS}{order.pk}/evaluation/", {**SCORES, "comment": "再评一次"}
        )
    assert again.status_code == 409
    assert again.json()["message"] == "该订单已评价，不能重复评价。"
    assert footprint(order) == before
    assert Evaluation.objects.filter(order=order).count() == 1

    detail = enterprise_app.get(f"{ORDERS}{order.pk}/").json()
    assert detail["status"] == "evaluated"
    assert detail["evaluation"]["quality_score"] == 4


# Who may not -----------------------------------------------------------------------------------

ENDPOINTS = [
    ("get", ""),
    ("post", ""),
    ("get", "{pk}/"),
    ("post", "{pk}/start-contract/"),
    ("post", "{pk}/cancel/"),
    ("post", "{pk}/complete/"),
    ("post", "{pk}/evaluation/"),
]


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_anonymous_apps_and_a_reviewers_session_get_401(client, order, reviewer, method, suffix):
    url = ORDERS + suffix.format(pk=order.pk)
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 401
    assert anonymous.json()["message"].startswith("请先登录")
    # A window-platform reviewer cannot get a token, and the API ignores browser sessions.
    assert (
        MemberApp(client)
        .client.post(
            "/api/v2/auth/token/",
            {"username": reviewer.username, "password": PASSWORD},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    client.force_login(reviewer)
    assert getattr(client, method)(url).status_code == 401
    order.refresh_from_db()
    assert order.status == S.PLACED


def test_a_plain_account_is_refused_with_a_403(client, order):
    user = UserFactory(username="plain-user")
    app = MemberApp(client).login(user.username, PASSWORD)
    response = app.get(ORDERS)
    assert response.status_code == 403
    assert response.json()["message"] == "只有企业或服务机构用户可以使用此接口。"


# Cost ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["enterprise", "institution"])
def test_order_list_queries_do_not_grow_with_rows(client, buyer, seller, product, side):
    app = app_for(client, buyer if side == "enterprise" else seller)
    app.get("/api/v2/me/")  # the token's first use records `last_used_at` once

    def count(total):
        while Order.objects.count() < total:
            Order.place(buyer.user, product, quantity_or_scope="一次")
        with CaptureQueriesContext(connection) as queries:
            response = app.get(ORDERS, {"limit": 100})
        assert len(response.json()["items"]) == total
        return len(queries)

    assert count(10) == count(100)


def test_an_incomplete_profile_cannot_buy_through_the_api_either(client, product):
    incomplete = EnterpriseFactory(address="", credit_code="")
    response = buy(app_for(client, incomplete), product)
    assert response.status_code == 403
    assert "完善企业资料" in response.json()["message"]
    assert not Order.objects.exists()
