"""Orders (R3.1, R3.2, order side of R3.3–R3.7): buying, the state machine, centre pages, admin."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from marketplace.members.factories import EnterpriseFactory
from marketplace.members.models import Notification
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP
from marketplace.trade.models import Order, TransitionNotAllowed
from portal.factories import UserFactory
from tests.marketplace.catalogue_helpers import make_category, make_product
from tests.marketplace.visibility_helpers import (
    UNAPPROVED_STATES,
    approve_pending,
    institution_in_state,
    unpublish,
)

S = Order.Status


@pytest.fixture
def reviewer(changsha):
    user = UserFactory(username="cs-reviewer")
    changsha.reviewers.add(user)
    return user


@pytest.fixture
def zz_reviewer(zhuzhou):
    user = UserFactory(username="zz-reviewer")
    zhuzhou.reviewers.add(user)
    return user


@pytest.fixture
def order(buyer, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return Order.place(buyer.user, product, quantity_or_scope="1 年", idempotency_key="k1")


def advance(order, buyer, seller, to):
    steps = [
        (S.CONTRACTING, lambda: order.start_contract(seller.user)),
        (S.CONTRACT_CONFIRMED, lambda: order.confirm_contract(buyer.user)),
        (S.CONTRACT_SUBMITTED, lambda: order.submit_contract(seller.user)),
        (S.COMPLETED, lambda: order.mark_completed(buyer.user)),
    ]
    for status, step in steps:
        if order.status == to:
            break
        step()
        assert order.status == status
    return order


# Placing ---------------------------------------------------------------------------------------


def test_place_snapshots_numbers_logs_and_notifies(order, product, seller):
    assert order.number.startswith("DD") and order.number.endswith(f"-{order.pk:06d}")
    assert order.product_name == product.name and order.price_text == "¥3,000.00"
    assert order.institution == seller and order.status == S.PLACED
    assert ModelLogEntry.objects.for_instance(order).get().action == "marketplace.order.placed"
    assert Notification.objects.filter(user=seller.user, title="新的企业订单").exists()


def test_double_submission_creates_one_order(buyer, product, order):
    again = Order.place(buyer.user, product, quantity_or_scope="1 年", idempotency_key="k1")
    assert again.pk == order.pk and Order.objects.count() == 1


def test_place_refusals(buyer, product, seller, other_institution):
    with pytest.raises(TransitionNotAllowed):
        Order.place(seller.user, product, quantity_or_scope="x")
    with pytest.raises(TransitionNotAllowed):
        Order.place(buyer.user, product, quantity_or_scope="  ")
    product.live = False
    product.save()
    with pytest.raises(TransitionNotAllowed, match="未上架"):
        Order.place(buyer.user, product, quantity_or_scope="x")
    assert Order.objects.count() == 0


# The state machine -----------------------------------------------------------------------------


def test_happy_path_logs_and_notifies_the_other_side(
    order, buyer, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        advance(order, buyer, seller, S.COMPLETED)
    actions = list(
        ModelLogEntry.objects.for_instance(order).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "marketplace.order.placed",
        "marketplace.order.start_contract",
        "marketplace.order.confirm_contract",
        "marketplace.order.submit_contract",
        "marketplace.order.mark_completed",
    ]
    assert Notification.objects.filter(user=buyer.user).count() == 2  # start, submit
    assert Notification.objects.filter(user=seller.user).count() == 3  # placed, confirm, done
    assert order.completed_at is not None


TRANSITIONS = ["start_contract", "confirm_contract", "submit_contract", "mark_completed"]
ALLOWED = {
    ("start_contract", S.PLACED, "seller"),
    ("confirm_contract", S.CONTRACTING, "buyer"),
    ("submit_contract", S.CONTRACT_CONFIRMED, "seller"),
    ("mark_completed", S.CONTRACT_SUBMITTED, "buyer"),
}


@pytest.mark.parametrize(
    "status", [S.PLACED, S.CONTRACTING, S.CONTRACT_CONFIRMED, S.CONTRACT_SUBMITTED, S.COMPLETED]
)
def test_every_illegal_transition_is_refused_and_changes_nothing(
    order, buyer, seller, other_enterprise, other_institution, reviewer, status
):
    advance(order, buyer, seller, status)
    users = {
        "buyer": buyer.user,
        "seller": seller.user,
        "other_enterprise": other_enterprise.user,
        "other_institution": other_institution.user,
        "reviewer": reviewer,
        "anonymous": None,
    }
    from django.contrib.auth.models import AnonymousUser

    users["anonymous"] = AnonymousUser()
    logs = ModelLogEntry.objects.count()
    for name in TRANSITIONS:
        for who, user in users.items():
            if (name, status, who) in ALLOWED:
                continue
            before = Order.objects.get(pk=order.pk)
            with pytest.raises(TransitionNotAllowed) as info:
                getattr(order, name)(user)
            assert info.value.message
            after = Order.objects.get(pk=order.pk)
            assert (after.status, after.updated_at) == (before.status, before.updated_at)
    assert ModelLogEntry.objects.count() == logs


@pytest.mark.parametrize("status", [S.PLACED, S.CONTRACTING])
@pytest.mark.parametrize("who", ["buyer", "seller"])
def test_either_side_cancels_before_confirmation_with_reason(
    order, buyer, seller, status, who, django_capture_on_commit_callbacks
):
    advance(order, buyer, seller, status)
    user = buyer.user if who == "buyer" else seller.user
    other = seller.user if who == "buyer" else buyer.user
    with pytest.raises(TransitionNotAllowed, match="取消原因"):
        order.cancel(user, "  ")
    assert order.status == status
    with django_capture_on_commit_callbacks(execute=True):
        order.cancel(user, "预算调整")
    assert order.status == S.CANCELLED and order.cancel_reason == "预算调整"
    assert order.cancelled_by == ("enterprise" if who == "buyer" else "institution")
    assert Notification.objects.filter(user=other, title="订单已取消").exists()
    with pytest.raises(TransitionNotAllowed):
        order.start_contract(seller.user)


@pytest.mark.parametrize("status", [S.CONTRACT_CONFIRMED, S.CONTRACT_SUBMITTED, S.COMPLETED])
def test_no_cancel_after_confirmation(order, buyer, seller, status):
    advance(order, buyer, seller, status)
    for user in (buyer.user, seller.user):
        with pytest.raises(TransitionNotAllowed):
            order.cancel(user, "不要了")
    assert Order.objects.get(pk=order.pk).status == status


def test_strangers_cannot_cancel(order, other_enterprise, other_institution, reviewer):
    for user in (other_enterprise.user, other_institution.user, reviewer):
        with pytest.raises(TransitionNotAllowed):
            order.cancel(user, "捣乱")
    assert Order.objects.get(pk=order.pk).status == S.PLACED


# Buying through the portal ---------------------------------------------------------------------


def test_buy_page_and_double_post(client, buyer, product):
    url = reverse("trade:service_buy", args=[product.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    assert reverse("accounts:login") in client.get(url)["Location"]
    client.force_login(buyer.user)
    detail = client.get(product.get_absolute_url())
    assert url in detail.content.decode()
    assert client.get(url).status_code == 200
    data = {"quantity_or_scope": "1 年", "expected_time": "年底前", "idempotency_key": "abcdef123"}
    first = client.post(url, data)
    second = client.post(url, data)
    order = Order.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == order.get_enterprise_url()


def test_buy_refusals(client, seller, product, reviewer, buyer):
    url = reverse("trade:service_buy", args=[product.pk])
    for user in (seller.user, reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"quantity_or_scope": "x", "idempotency_key": "abcdefgh"}).status_code
            == 403
        )
    client.force_login(buyer.user)
    assert client.get(reverse("trade:service_buy", args=[99999])).status_code == 404
    bad = client.post(url, {"quantity_or_scope": "", "expected_time": "2000-01-01"})
    assert bad.status_code == 400
    assert Order.objects.count() == 0


def test_buying_needs_a_complete_profile_before_any_order_exists(client, product):
    incomplete = EnterpriseFactory(address="", credit_code="")
    url = reverse("trade:service_buy", args=[product.pk])
    client.force_login(incomplete.user)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 403
    assert "未填写资料的企业不能购买服务" in html
    assert reverse("members:center_enterprise_profile") in html
    assert 'data-testid="order-form"' not in html
    posted = client.post(url, {"quantity_or_scope": "1 年", "idempotency_key": "abcdef123"})
    assert posted.status_code == 403
    # The rule is the model's, so every way in (the API too) meets it.
    with pytest.raises(TransitionNotAllowed, match="完善企业资料"):
        Order.place(incomplete.user, product, quantity_or_scope="1 年")
    assert not Order.objects.exists()


@pytest.mark.parametrize("state", UNAPPROVED_STATES)
def test_a_service_of_an_unreviewed_institution_is_not_buyable(client, buyer, changsha, state):
    institution = institution_in_state(state, changsha, name="未审核的卖家")
    product = make_product(institution, make_category(), name="未审核卖家的服务")
    assert institution.is_approved and product.live  # flag set by hand, product on sale
    url = reverse("trade:service_buy", args=[product.pk])
    client.force_login(buyer.user)
    assert client.get(url).status_code == 404
    data = {"quantity_or_scope": "1 次", "idempotency_key": "abcdefgh1"}
    assert client.post(url, data).status_code == 404
    with pytest.raises(TransitionNotAllowed, match="未通过资质审核"):
        Order.place(buyer.user, product, quantity_or_scope="1 次")
    assert not Order.objects.exists()


def test_buyable_from_approval_until_the_qualification_is_withdrawn(client, buyer, changsha):
    institution = institution_in_state("pending", changsha, forged=False, name="审核中的卖家")
    product = make_product(institution, make_category(), name="审核中卖家的服务")
    url = reverse("trade:service_buy", args=[product.pk])
    client.force_login(buyer.user)
    data = {"quantity_or_scope": "1 次", "idempotency_key": "abcdefgh1"}
    assert client.post(url, data).status_code == 404
    approve_pending(institution)
    assert client.post(url, data).status_code == 302
    assert Order.objects.get().institution == institution
    unpublish(institution)
    assert client.post(url, {**data, "idempotency_key": "abcdefgh2"}).status_code == 404
    assert Order.objects.count() == 1


# Member centre ---------------------------------------------------------------------------------


def center_urls(order):
    return {
        "enterprise": [
            ("get", reverse("trade:center_orders")),
            ("get", reverse("trade:center_order", args=[order.pk])),
            ("post", reverse("trade:center_order_cancel", args=[order.pk])),
            ("post", reverse("trade:center_order_complete", args=[order.pk])),
            ("get", reverse("trade:center_order_evaluate", args=[order.pk])),
        ],
        "institution": [
            ("get", reverse("trade:center_institution_orders")),
            ("get", reverse("trade:center_institution_order", args=[order.pk])),
            ("post", reverse("trade:center_institution_order_cancel", args=[order.pk])),
            (
                "post",
                reverse("trade:center_institution_order_start_contract", args=[order.pk]),
            ),
            ("post", reverse("trade:center_institution_evaluation_reply", args=[order.pk])),
        ],
    }


def test_permission_walk(client, order, buyer, seller, other_enterprise, other_institution):
    urls = center_urls(order)
    for kind, items in urls.items():
        for method, url in items:
            client.logout()
            response = getattr(client, method)(url)
            assert response.status_code == 302 and "login" in response["Location"], url
            wrong = seller.user if kind == "enterprise" else buyer.user
            client.force_login(wrong)
            assert getattr(client, method)(url).status_code == 403, url
            other = other_enterprise.user if kind == "enterprise" else other_institution.user
            client.force_login(other)
            expected = 200 if url.endswith("/orders/") else 404
            assert getattr(client, method)(url).status_code == expected, url
    assert Order.objects.get(pk=order.pk).status == S.PLACED


def test_centre_detail_actions_and_cancel(client, order, buyer, seller):
    client.force_login(seller.user)
    page = client.get(order.get_institution_url()).content.decode()
    assert "制作合同" in page and "取消订单" in page and order.number in page
    url = reverse("trade:center_institution_order_cancel", args=[order.pk])
    client.post(url, {"reason": ""})
    assert Order.objects.get(pk=order.pk).status == S.PLACED
    client.post(reverse("trade:center_institution_order_start_contract", args=[order.pk]))
    assert Order.objects.get(pk=order.pk).status == S.CONTRACTING
    client.force_login(buyer.user)
    client.post(reverse("trade:center_order_complete", args=[order.pk]))  # refused
    assert Order.objects.get(pk=order.pk).status == S.CONTRACTING
    client.post(reverse("trade:center_order_cancel", args=[order.pk]), {"reason": "不需要了"})
    order.refresh_from_db()
    assert order.status == S.CANCELLED and order.cancelled_by == "enterprise"
    page = client.get(order.get_enterprise_url()).content.decode()
    assert "不需要了" in page and "取消订单" in page  # history + reason


def test_list_filters_and_search(client, order, buyer, seller, product, other_enterprise):
    Order.place(other_enterprise.user, product, quantity_or_scope="2")
    client.force_login(seller.user)
    url = reverse("trade:center_institution_orders")
    assert client.get(url).context["orders"].count() == 2
    assert list(client.get(url, {"q": "其他"}).context["orders"]) != [order]
    assert list(client.get(url, {"q": order.number}).context["orders"]) == [order]
    assert client.get(url, {"status": "cancelled"}).context["orders"].count() == 0
    assert client.get(url, {"status": "bogus", "date_from": "x"}).status_code == 200
    assert client.get(url, {"page": "999"}).status_code == 404


@pytest.mark.parametrize("view", ["trade:center_institution_orders", "trade:center_orders"])
def test_list_query_count_is_fixed(client, buyer, seller, product, view):
    def count(n):
        while Order.objects.count() < n:
            Order.place(buyer.user, product, quantity_or_scope="1")
        client.force_login(seller.user if "institution" in view else buyer.user)
        client.get(reverse(view))  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(view)).status_code == 200
        return len(queries)

    assert count(10) == count(100)


# Admin -----------------------------------------------------------------------------------------


def test_admin_scoping(client, order, reviewer, zz_reviewer):
    index = reverse("marketplace_orders:index")
    inspect = reverse("marketplace_orders:inspect", args=[order.pk])
    client.force_login(reviewer)
    assert order.number in client.get(index).content.decode()
    assert client.get(inspect).status_code == 200
    assert client.get(reverse("marketplace_orders:edit", args=[order.pk])).status_code in (302, 403)
    assert client.get(reverse("marketplace_orders:delete", args=[order.pk])).status_code in (
        302,
        403,
    )
    assert client.get(index, {"export": "csv"}).status_code == 200
    client.force_login(zz_reviewer)
    assert order.number not in client.get(index).content.decode()
    assert client.get(inspect).status_code == 404
    assert Order.objects.filter(pk=order.pk).exists()


def test_admin_provincial_staff_and_filters(client, order):
    staff = UserFactory(username="ops")
    staff.groups.add(Group.objects.get(name=PROVINCIAL_STAFF_GROUP))
    client.force_login(staff)
    index = reverse("marketplace_orders:index")
    assert order.number in client.get(index, {"status": "placed"}).content.decode()
    assert order.number not in client.get(index, {"status": "completed"}).content.decode()
    month = f"{order.created_at:%Y-%m}"
    assert order.number in client.get(index, {"month": month}).content.decode()
    response = client.get(index, {"export": "xlsx"})
    assert response.status_code == 200


def _operator():
    staff = UserFactory(username="ops")
    staff.groups.add(Group.objects.get(name=PROVINCIAL_STAFF_GROUP))
    return staff


def _contract_for(order, seller, amount):
    from contracts.models import Contract

    contract = Contract.make_for(order, seller.user)
    return contract.save_draft(seller.user, {"amount": Decimal(amount)})


def _export(client, export_format):
    response = client.get(reverse("marketplace_orders:index"), {"export": export_format})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return content.decode("utf-8-sig") if export_format == "csv" else content


def test_admin_export_has_the_contract_amount(client, order, buyer, seller, product):
    contract = _contract_for(order, seller, "12345.67")
    without = Order.place(buyer.user, product, quantity_or_scope="2 年")
    client.force_login(_operator())
    rows = {row["订单号"]: row for row in csv.DictReader(io.StringIO(_export(client, "csv")))}
    assert rows[order.number]["合同编号"] == contract.number
    assert rows[order.number]["合同金额（元）"] == "12345.67"
    assert rows[without.number]["合同编号"] == ""
    assert rows[without.number]["合同金额（元）"] == ""

    sheet = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    values = list(sheet.values)
    headings = list(values[0])
    row = next(row for row in values[1:] if row[headings.index("订单号")] == order.number)
    assert Decimal(str(row[headings.index("合同金额（元）")])) == Decimal("12345.67")


def test_admin_export_query_count_is_fixed(client, buyer, seller, product):
    client.force_login(_operator())

    def count(n):
        while Order.objects.count() < n:
            placed = Order.place(buyer.user, product, quantity_or_scope="1")
            if placed.pk % 2:
                _contract_for(placed, seller, "1000.00")
        _export(client, "csv")  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as queries:
            text = _export(client, "csv")
        assert len(list(csv.DictReader(io.StringIO(text)))) == n
        return len(queries)

    assert count(10) == count(30)
