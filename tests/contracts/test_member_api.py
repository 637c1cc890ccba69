"""/api/v2/me/contracts/: 制作合同 to 提交合同 through the API, with the centre's forms and rules.

Who may not: anonymous apps and a reviewer's browser session (401), the other kind of member on
the endpoints of one party (403), another enterprise or institution (404, as for a contract that
does not exist). A refused transition is a 409 with the model's message, and nothing changes.
"""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from contracts.models import Contract, ContractDocument
from marketplace.members.models import Notification
from marketplace.trade.models import Order
from tests.contracts.conftest import fill, form_data
from tests.contracts.files import fake_pdf, pdf, png, png_bytes
from tests.member_api import MemberApp

pytestmark = pytest.mark.django_db

PASSWORD = "portal-pass-2026"
CONTRACTS = "/api/v2/me/contracts/"
FAKE_PDF = b"%PDF-1.4\n% stand-in\n%%EOF\n"


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    """The PDF's bytes do not matter here (tests/test_api_purchase_story.py renders a real one)."""
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: FAKE_PDF)


def app_for(client, member):
    return MemberApp(client).login(member.user.username, PASSWORD)


def footprint(contract):
    contract.refresh_from_db()
    contract.order.refresh_from_db()
    return (
        contract.status,
        contract.updated_at,
        contract.order.status,
        ModelLogEntry.objects.for_instance(contract).count(),
        ModelLogEntry.objects.for_instance(contract.order).count(),
        Notification.objects.count(),
        contract.documents.count(),
    )


def upload(app, contract, *files, kind="signed_scan", note=""):
    return app.post(
        f"{CONTRACTS}{contract.pk}/documents/",
        {"kind": kind, "note": note},
        files={"files": list(files)},
    )


# 制作合同 --------------------------------------------------------------------------------------


def test_making_a_contract_twice_gives_one_contract(client, order, institution, enterprise):
    app = app_for(client, institution)
    first = app.post(CONTRACTS, {"order": order.pk})
    assert first.status_code == 201, first.content.decode()
    second = app.post(CONTRACTS, {"order": order.pk})
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert Contract.objects.count() == 1
    order.refresh_from_db()
    assert order.status == Order.Status.CONTRACTING
    body = first.json()
    assert body["status"] == "draft" and body["status_label"] == "草稿"
    assert body["party_a_name"] == enterprise.name
    assert body["order"]["id"] == order.pk and body["order"]["status"] == "contracting"
    assert [a["action"] for a in body["allowed_actions"]] == ["edit", "send"]
    assert body["pdf"] is None and body["documents"] == []

    assert app_for(client, enterprise).post(CONTRACTS, {"order": order.pk}).status_code == 403
    assert app.post(CONTRACTS, {}).json()["errors"]["order"] == [
        "请指定要制作合同的订单（order）。"
    ]


def test_an_order_started_from_the_order_gets_its_contract(
    client, order, institution, django_capture_on_commit_callbacks
):
    app = app_for(client, institution)
    assert app.post(f"/api/v2/me/orders/{order.pk}/start-contract/").status_code == 200
    made = app.post(CONTRACTS, {"order": order.pk})
    assert made.status_code == 201
    order.refresh_from_db()
    assert order.status == Order.Status.CONTRACTING
    # The order moved once.
    actions = list(ModelLogEntry.objects.for_instance(order).values_list("action", flat=True))
    assert actions.count("marketplace.order.start_contract") == 1
    order_detail = app.get(f"/api/v2/me/orders/{order.pk}/").json()
    assert order_detail["contract"]["id"] == made.json()["id"]
    assert order_detail["contract"]["url"] == f"http://testserver{CONTRACTS}{made.json()['id']}/"


def test_a_cancelled_order_gets_no_contract(client, order, institution, enterprise):
    order.cancel(enterprise.user, "不需要了")
    response = app_for(client, institution).post(CONTRACTS, {"order": order.pk})
    assert response.status_code == 409
    assert response.json()["message"] == "订单当前状态为“已取消”，不能制作合同。"
    assert not Contract.objects.exists()


def test_another_institution_cannot_make_it(client, order, other_institution):
    response = app_for(client, other_institution).post(CONTRACTS, {"order": order.pk})
    assert response.status_code == 404
    assert not Contract.objects.exists()


# 填写、发送、退回、确认 --------------------------------------------------------------------------


def test_the_institution_fills_sends_and_the_enterprise_returns_or_confirms(
    client, order, institution, enterprise, django_capture_on_commit_callbacks
):
    institution_app, enterprise_app = app_for(client, institution), app_for(client, enterprise)
    contract = Contract.make_for(order, institution.user)
    url = f"{CONTRACTS}{contract.pk}/"

    # The enterprise sees the draft but may not edit it.
    assert enterprise_app.get(url).json()["allowed_actions"] == []
    assert enterprise_app.patch(url, {"place": "乙方办公地点"}).status_code == 403

    incomplete = institution_app.post(f"{url}send/", {"service_content": ""})
    assert incomplete.status_code == 400
    assert "service_content" in incomplete.json()["errors"]
    assert "service_start" in incomplete.json()["errors"]

    empty_name = institution_app.patch(url, {"party_a_name": ""})
    assert empty_name.status_code == 400 and "party_a_name" in empty_name.json()["errors"]
    backwards = institution_app.patch(
        url, {"service_start": "2027-12-31", "service_end": "2027-01-01"}
    )
    assert backwards.json()["errors"]["service_end"] == ["服务结束日期不能早于开始日期。"]
    unknown = institution_app.patch(url, {"status": "confirmed"})
    assert unknown.status_code == 400 and "status" in unknown.json()["message"]
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT and contract.service_start is None

    filled = institution_app.patch(url, form_data(amount="12000"))
    assert filled.status_code == 200, filled.content.decode()
    body = filled.json()
    assert body["amount"] == "12000.00"
    assert body["amount_in_capitals"] == "壹万贰仟元整"
    assert body["missing_fields"] == []
    assert body["service_start"] == "2027-01-01"

    with django_capture_on_commit_callbacks(execute=True):
        sent = institution_app.post(f"{url}send/")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert Notification.objects.filter(user=enterprise.user, title="请确认合同").count() == 1
    assert [a["action"] for a in enterprise_app.get(url).json()["allowed_actions"]] == [
        "return",
        "confirm",
    ]

    before = footprint(contract)
    with django_capture_on_commit_callbacks(execute=True):
        edit_sent = institution_app.patch(url, {"place": "改地点"})
        resend = institution_app.post(f"{url}send/")
    assert edit_sent.status_code == 409
    assert edit_sent.json()["message"] == "合同当前状态为“待企业确认”，不能修改合同内容。"
    assert resend.status_code == 409
    assert resend.json()["message"] == "合同当前状态为“待企业确认”，不能发送给企业。"
    assert footprint(contract) == before

    assert institution_app.post(f"{url}return/", {"comment": "x"}).status_code == 403
    assert institution_app.post(f"{url}confirm/").status_code == 403
    no_comment = enterprise_app.post(f"{url}return/", {"comment": "  "})
    assert no_comment.status_code == 400
    assert no_comment.json()["errors"]["comment"] == ["退回修改时请填写修改意见。"]
    assert footprint(contract) == before

    returned = enterprise_app.post(f"{url}return/", {"comment": "请把付款改为两期。"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_comment"] == "请把付款改为两期。"
    assert enterprise_app.post(f"{url}confirm/").status_code == 409

    resent = institution_app.post(f"{url}send/", {"payment_terms": "分两期支付。"})
    assert resent.status_code == 200 and resent.json()["status"] == "sent"
    assert resent.json()["payment_terms"] == "分两期支付。"

    assert enterprise_app.get(f"{url}pdf/").status_code == 404  # not before confirmation
    with django_capture_on_commit_callbacks(execute=True):  # the PDF task runs at commit
        confirmed = enterprise_app.post(f"{url}confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    body = enterprise_app.get(url).json()
    assert (body["pdf_status"], body["pdf_status_label"]) == ("ready", "已生成")
    assert body["pdf"]["sha256"] == hashlib.sha256(FAKE_PDF).hexdigest()
    assert body["pdf"]["download_url"] == f"http://testserver{url}pdf/"
    order.refresh_from_db()
    assert order.status == Order.Status.CONTRACT_CONFIRMED

    before = footprint(contract)
    twice = enterprise_app.post(f"{url}confirm/")
    assert twice.status_code == 409
    assert twice.json()["message"] == "合同当前状态为“已确认”，不能确认。"
    assert footprint(contract) == before


def test_the_stored_pdf_is_downloaded_by_either_party(
    client, confirmed_contract, enterprise, institution
):
    for member in (enterprise, institution):
        response = app_for(client, member).get(
            f"{CONTRACTS}{confirmed_contract.pk}/pdf/", headers={"HTTP_ACCEPT": "application/pdf"}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        content = b"".join(response.streaming_content)
        assert content == FAKE_PDF
        assert hashlib.sha256(content).hexdigest() == confirmed_contract.pdf_sha256
        assert response["X-Content-SHA256"] == confirmed_contract.pdf_sha256
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


# 上传、删除、提交 ------------------------------------------------------------------------------


def test_uploads_use_the_centres_checks_and_submit_needs_a_signed_scan(
    client, confirmed_contract, enterprise, institution
):
    contract = confirmed_contract
    url = f"{CONTRACTS}{contract.pk}/"
    institution_app, enterprise_app = app_for(client, institution), app_for(client, enterprise)
    assert [a["action"] for a in institution_app.get(url).json()["allowed_actions"]] == [
        "upload",
        "remove_document",
        "submit",
    ]

    before = footprint(contract)
    not_a_pdf = upload(institution_app, contract, fake_pdf())
    assert not_a_pdf.status_code == 400
    assert "scan.pdf" in not_a_pdf.json()["errors"]["files"][0]
    nothing = institution_app.post(f"{url}documents/", {"kind": "signed_scan"})
    assert nothing.json()["errors"]["files"] == ["请选择要上传的文件。"]
    bad_kind = upload(institution_app, contract, png(), kind="photo")
    assert "kind" in bad_kind.json()["errors"]
    assert upload(enterprise_app, contract, png()).status_code == 403
    early_submit = institution_app.post(f"{url}submit/")
    assert early_submit.status_code == 409
    assert early_submit.json()["message"] == "请先上传双方签字盖章的合同扫描件，再提交合同。"
    assert footprint(contract) == before

    invoice = upload(institution_app, contract, pdf("invoice.pdf"), kind="invoice", note="首期")
    assert invoice.status_code == 201, invoice.content.decode()
    scan = upload(institution_app, contract, png("signed.png"))
    documents = scan.json()["documents"]
    assert [(d["kind"], d["kind_label"]) for d in documents] == [
        ("invoice", "发票"),
        ("signed_scan", "签字盖章合同扫描件"),
    ]
    invoice_doc, scan_doc = documents
    assert invoice_doc["note"] == "首期"
    assert "/media/" not in scan_doc["download_url"]
    assert scan_doc["download_url"].startswith(f"http://testserver{url}documents/")

    downloaded = enterprise_app.get(scan_doc["download_url"])
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"] == "image/png"
    assert b"".join(downloaded.streaming_content) == png_bytes()

    assert enterprise_app.delete(f"{url}documents/{invoice_doc['id']}/").status_code == 403
    assert institution_app.delete(f"{url}documents/999999/").status_code == 404
    removed = institution_app.delete(f"{url}documents/{invoice_doc['id']}/")
    assert removed.status_code == 204
    assert list(contract.documents.values_list("kind", flat=True)) == ["signed_scan"]

    assert enterprise_app.post(f"{url}submit/").status_code == 403
    submitted = institution_app.post(f"{url}submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["allowed_actions"] == []
    contract.order.refresh_from_db()
    assert contract.order.status == Order.Status.CONTRACT_SUBMITTED

    before = footprint(contract)
    late = upload(institution_app, contract, png("late.png"))
    assert late.status_code == 409
    assert late.json()["message"] == "合同当前状态为“已提交”，不能上传文件。"
    delete_late = institution_app.delete(f"{url}documents/{scan_doc['id']}/")
    assert delete_late.status_code == 409
    assert footprint(contract) == before


# Who may not -----------------------------------------------------------------------------------

ENDPOINTS = [
    ("get", ""),
    ("post", ""),
    ("get", "{pk}/"),
    ("patch", "{pk}/"),
    ("post", "{pk}/send/"),
    ("post", "{pk}/return/"),
    ("post", "{pk}/confirm/"),
    ("post", "{pk}/documents/"),
    ("delete", "{pk}/documents/{doc}/"),
    ("get", "{pk}/documents/{doc}/download/"),
    ("get", "{pk}/pdf/"),
    ("post", "{pk}/submit/"),
]


@pytest.fixture
def scanned(confirmed_contract, institution):
    document = confirmed_contract.add_document(
        institution.user, ContractDocument.Kind.SIGNED_SCAN, png()
    )
    return confirmed_contract, document


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS)
def test_anonymous_apps_and_a_reviewers_session_get_401(
    client, scanned, platform_staff, method, suffix
):
    contract, document = scanned
    url = CONTRACTS + suffix.format(pk=contract.pk, doc=document.pk)
    before = footprint(contract)
    assert getattr(client, method)(url).status_code == 401
    reviewer = platform_staff[0]  # reviews the institution's platform; may read it in the admin
    client.force_login(reviewer)
    response = getattr(client, method)(url)
    assert response.status_code == 401
    assert response.json()["message"].startswith("请先登录")
    assert footprint(contract) == before


OBJECT_ENDPOINTS = [(method, suffix) for method, suffix in ENDPOINTS if "{pk}" in suffix]
# Endpoints of one party: the other kind of member is refused before the contract is looked up.
INSTITUTION_ONLY = {"{pk}/send/", "{pk}/submit/", "{pk}/documents/", "{pk}/documents/{doc}/"}
ENTERPRISE_ONLY = {"{pk}/return/", "{pk}/confirm/"}


@pytest.mark.parametrize(("method", "suffix"), OBJECT_ENDPOINTS)
def test_another_enterprise_or_institution_gets_404(
    client, scanned, other_enterprise, other_institution, method, suffix
):
    contract, document = scanned
    url = CONTRACTS + suffix.format(pk=contract.pk, doc=document.pk)
    before = footprint(contract)
    for member, refused_kind in (
        (other_enterprise, INSTITUTION_ONLY),
        (other_institution, ENTERPRISE_ONLY),
    ):
        response = getattr(app_for(client, member), method)(url)
        if suffix in refused_kind:
            assert response.status_code == 403, (member, url)
            assert response.json()["message"].startswith("只有")
        else:
            assert response.status_code == 404, (member, url)
            assert response.json() == {"message": "未找到，或您无权查看。"}
    assert footprint(contract) == before


@pytest.mark.parametrize(
    ("suffix", "kind"),
    [
        ("send/", "institution"),
        ("documents/", "institution"),
        ("submit/", "institution"),
        ("return/", "enterprise"),
        ("confirm/", "enterprise"),
    ],
)
def test_the_other_kind_of_member_gets_403(
    client, sent_contract, enterprise, institution, suffix, kind
):
    wrong = enterprise if kind == "institution" else institution
    before = footprint(sent_contract)
    response = app_for(client, wrong).post(f"{CONTRACTS}{sent_contract.pk}/{suffix}")
    assert response.status_code == 403
    assert response.json()["message"].startswith("只有")
    assert footprint(sent_contract) == before


# Lists -----------------------------------------------------------------------------------------


def test_each_party_lists_its_contracts_with_the_status_filter(
    client, sent_contract, enterprise, institution, other_enterprise, product
):
    other_order = Order.place(other_enterprise.user, product, quantity_or_scope="一次")
    draft = Contract.make_for(other_order, institution.user)

    listing = app_for(client, institution).get(CONTRACTS).json()
    assert listing["meta"]["total_count"] == 2
    sent_only = app_for(client, institution).get(CONTRACTS, {"status": "sent"}).json()
    assert [item["id"] for item in sent_only["items"]] == [sent_contract.pk]
    assert sent_only["items"][0]["status_label"] == "待企业确认"
    assert sent_only["items"][0]["amount_in_capitals"] == sent_contract.amount_in_capitals

    mine = app_for(client, enterprise).get(CONTRACTS).json()
    assert [item["id"] for item in mine["items"]] == [sent_contract.pk]
    theirs = app_for(client, other_enterprise).get(CONTRACTS).json()
    assert [item["id"] for item in theirs["items"]] == [draft.pk]

    bad = app_for(client, enterprise).get(CONTRACTS, {"status": "signed"})
    assert bad.status_code == 400 and "status" in bad.json()["message"]


def test_contract_list_queries_do_not_grow_with_rows(client, enterprise, institution, product):
    app = app_for(client, institution)
    app.get("/api/v2/me/")  # the token's first use records `last_used_at` once

    def count(total):
        while Contract.objects.count() < total:
            order = Order.place(enterprise.user, product, quantity_or_scope="一次")
            fill(Contract.make_for(order, institution.user), institution.user)
        with CaptureQueriesContext(connection) as queries:
            response = app.get(CONTRACTS, {"limit": 100})
        assert len(response.json()["items"]) == total
        return len(queries)

    assert count(10) == count(100)
