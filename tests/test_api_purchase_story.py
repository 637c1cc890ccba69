"""Issue 15 "Done when": a whole purchase through the API alone, as an app would do it.

After the accounts and the product are set up by factories, every step is an HTTP call to
/api/v2/ (reads of the database only verify): the enterprise logs in, finds the product in the
public API, buys it; the institution makes the contract, fills and sends it; the enterprise
returns it with a comment; the institution edits and sends again; the enterprise confirms and
downloads the PDF (the stored bytes); the institution uploads the signed scan and submits; the
enterprise confirms the service and rates it. The order's audit log is the one a walk through
the web pages leaves, with the right users.
"""

import hashlib

import pytest
from wagtail.models import ModelLogEntry

from contracts.models import Contract
from contracts.tasks import store_contract_pdf
from marketplace.members.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    WindowPlatformFactory,
)
from marketplace.members.models import Notification
from marketplace.members.workflows import ensure_review_setup
from marketplace.trade.models import Evaluation, Order
from tests.contracts.files import pdf
from tests.marketplace.catalogue_helpers import make_category, make_product
from tests.member_api import MemberApp

pytestmark = pytest.mark.django_db

PASSWORD = "portal-pass-2026"


@pytest.fixture
def accounts():
    ensure_review_setup()
    platform = WindowPlatformFactory(name="长沙市综合性窗口平台", region_code="430100")
    enterprise = EnterpriseFactory(user__username="story-ent", name="湖南麓谷智造有限公司")
    institution = InstitutionFactory(
        user__username="story-inst", platform=platform, name="星城财税服务", approved=True
    )
    product = make_product(institution, make_category(), name="小微企业代理记账", price="9800")
    return enterprise, institution, product


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_a_purchase_from_order_to_evaluation_through_the_api_only(
    client, accounts, django_capture_on_commit_callbacks
):
    enterprise, institution, product = accounts
    with django_capture_on_commit_callbacks(execute=True):
        # The enterprise logs in and finds the product in the public catalogue.
        buyer = MemberApp(client).login("story-ent", PASSWORD)
        catalogue = ok(client.get("/api/v2/service-products/"))
        found = next(item for item in catalogue["items"] if item["name"] == "小微企业代理记账")
        assert found["institution_name"] == "星城财税服务"

        purchase = {
            "service_product": found["id"],
            "quantity_or_scope": "2027 年全年代理记账",
            "expected_time": "2027-01-01",
            "note": "请先电话联系。",
        }
        key = {"HTTP_IDEMPOTENCY_KEY": "story-purchase-0001"}
        order = ok(buyer.post("/api/v2/me/orders/", purchase, headers=key), 201)
        order_url = order["url"]
        # The app retried (a lost answer): the same order, not a second one.
        assert ok(buyer.post("/api/v2/me/orders/", purchase, headers=key))["id"] == order["id"]

        # The institution finds it among 企业订单 and makes the contract.
        seller = MemberApp(client).login("story-inst", PASSWORD)
        incoming = ok(seller.get("/api/v2/me/orders/", {"status": "placed"}))
        assert [item["id"] for item in incoming["items"]] == [order["id"]]
        actions = [a["action"] for a in incoming["items"][0]["allowed_actions"]]
        assert "start_contract" in actions
        started = ok(seller.post(f"{order_url}start-contract/"))
        assert started["status"] == "contracting"
        contract = ok(seller.post("/api/v2/me/contracts/", {"order": order["id"]}), 201)
        contract_url = contract["url"]
        assert contract["party_a_name"] == "湖南麓谷智造有限公司"

        content = {
            "service_content": "每月记账、纳税申报、年度汇算清缴。",
            "amount": "9800.00",
            "service_start": "2027-01-01",
            "service_end": "2027-12-31",
            "place": "甲方办公地点",
            "payment_terms": "合同签订后 5 个工作日内一次性支付。",
            "acceptance_criteria": "按月提交账簿与申报回执。",
        }
        filled = ok(seller.patch(contract_url, content))
        assert filled["missing_fields"] == []
        assert filled["amount_in_capitals"] == "玖仟捌佰元整"
        assert ok(seller.post(f"{contract_url}send/"))["status"] == "sent"

        # The enterprise reads it and returns it with a comment.
        mine = ok(buyer.get("/api/v2/me/contracts/", {"status": "sent"}))
        assert [item["id"] for item in mine["items"]] == [contract["id"]]
        returned = ok(buyer.post(f"{contract_url}return/", {"comment": "请改为分两期付款。"}))
        assert returned["status"] == "returned"

        # The institution edits and sends again; the enterprise confirms.
        seen = ok(seller.get(contract_url))
        assert seen["return_comment"] == "请改为分两期付款。"
        ok(seller.patch(contract_url, {"payment_terms": "签订后付 50%，验收后付 50%。"}))
        assert ok(seller.post(f"{contract_url}send/"))["status"] == "sent"
        confirmed = ok(buyer.post(f"{contract_url}confirm/"))
        assert confirmed["status"] == "confirmed"

        # The PDF is made in the background once the confirmation commits (this test holds the
        # commit back): until then the download says so, then the app finds it in the detail.
        assert (confirmed["pdf_status"], confirmed["pdf"]) == ("pending", None)
        waiting = buyer.get(f"{contract_url}pdf/")
        assert waiting.status_code == 202 and waiting["Retry-After"]
        assert waiting.json()["message"] == "合同 PDF 生成中，请稍后再下载。"
        store_contract_pdf.enqueue(contract["id"])  # what the worker does after the commit
        confirmed = ok(buyer.get(contract_url))
        assert confirmed["pdf_status"] == "ready"

        # The PDF the enterprise downloads is the one stored after confirmation.
        download = buyer.get(confirmed["pdf"]["download_url"])
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        pdf_bytes = b"".join(download.streaming_content)
        assert pdf_bytes.startswith(b"%PDF")
        stored = Contract.objects.get(pk=contract["id"])
        assert hashlib.sha256(pdf_bytes).hexdigest() == stored.pdf_sha256
        assert confirmed["pdf"]["sha256"] == stored.pdf_sha256

        # The institution uploads the signed scan and submits the contract.
        uploaded = seller.post(
            f"{contract_url}documents/",
            {"kind": "signed_scan", "note": "双方签字盖章"},
            files={"files": pdf("signed.pdf")},
        )
        assert uploaded.status_code == 201, uploaded.content.decode()
        assert ok(seller.post(f"{contract_url}submit/"))["status"] == "submitted"

        # The enterprise confirms the service and rates it.
        assert ok(buyer.post(f"{order_url}complete/"))["status"] == "completed"
        rating = {
            "score": 5,
            "quality_score": 5,
            "speed_score": 4,
            "expertise_score": 5,
            "comment": "账目清楚，响应及时。",
        }
        ok(buyer.post(f"{order_url}evaluation/", rating), 201)
        final = ok(buyer.get(order_url))

    assert final["status"] == "evaluated" and final["status_label"] == "已评价"
    assert final["contract"]["status"] == "submitted"
    assert final["evaluation"]["comment"] == "账目清楚，响应及时。"

    saved = Order.objects.get(pk=order["id"])
    assert Order.objects.count() == 1 and Evaluation.objects.get().order == saved
    log = list(
        ModelLogEntry.objects.for_instance(saved)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert log == [
        ("marketplace.order.placed", "story-ent"),
        ("marketplace.order.start_contract", "story-inst"),
        ("marketplace.order.confirm_contract", "story-ent"),
        ("marketplace.order.submit_contract", "story-inst"),
        ("marketplace.order.mark_completed", "story-ent"),
        ("marketplace.order.record_evaluation", "story-ent"),
    ]
    assert [entry["action_label"] for entry in final["history"]] == [
        "下单",
        "制作合同",
        "确认合同",
        "提交合同",
        "确认服务完成",
        "评价",
    ]
    # Each side was told of the other's steps, as on the web.
    assert Notification.objects.filter(user=institution.user).exists()
    assert Notification.objects.filter(user=enterprise.user, title="请确认合同").count() == 2
