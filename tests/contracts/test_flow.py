"""The whole contract flow through the member centre, as the two parties click through it."""

import hashlib
import subprocess

import pytest
from django.urls import reverse

from contracts.models import Contract, ContractDocument
from marketplace.members.models import Notification
from marketplace.trade.models import Order
from tests.contracts.conftest import form_data
from tests.contracts.files import pdf, png

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_the_whole_flow(
    client, order, enterprise, institution, tmp_path, django_capture_on_commit_callbacks
):
    ent_user, inst_user = enterprise.user, institution.user

    # 制作合同 (R3.3)
    client.force_login(inst_user)
    response = client.post(reverse("contracts:make", args=[order.pk]))
    contract = Contract.objects.get(order=order)
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:edit", args=[contract.pk])
    assert contract.number.startswith("HT")
    assert contract.party_a_name == enterprise.name  # pre-filled from the profiles
    assert contract.party_b_name == institution.name
    order.refresh_from_db()
    assert order.status == Order.Status.CONTRACTING

    # Fill in (R3.4): save a draft, then send
    edit_url = reverse("contracts:edit", args=[contract.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {**form_data(place=""), "action": "save"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT
    assert contract.place == ""
    # Sending without the place is refused with a field error
    response = client.post(edit_url, {**form_data(place=""), "action": "send"})
    assert response.status_code == 400
    assert "place" in response.context["form"].errors
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {**form_data(), "action": "send"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SENT
    assert Notification.objects.filter(user=ent_user, title="请确认合同").exists()

    # The enterprise reads the standard contract (R3.5) and returns it with a comment
    client.force_login(ent_user)
    detail_url = reverse("contracts:detail", args=[contract.pk])
    page = client.get(detail_url).content.decode()
    assert "壹万贰仟叁佰肆拾伍元陆角柒分" in page
    assert enterprise.name in page and institution.name in page
    response = client.post(reverse("contracts:return", args=[contract.pk]), {"comment": " "})
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SENT
    response = client.post(
        reverse("contracts:return", args=[contract.pk]), {"comment": "付款方式请改为分两期。"}
    )
    contract.refresh_from_db()
    assert contract.status == Contract.Status.RETURNED
    assert contract.return_comment == "付款方式请改为分两期。"

    # The institution sees the comment, fixes, sends again
    client.force_login(inst_user)
    assert "付款方式请改为分两期。" in client.get(edit_url).content.decode()
    client.post(
        edit_url,
        {**form_data(payment_terms="签订后付 50%，验收后付 50%。"), "action": "send"},
    )
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SENT

    # The enterprise confirms: the PDF is rendered once, when the confirmation commits, and stored
    client.force_login(ent_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:confirm", args=[contract.pk]))
    contract.refresh_from_db()
    order.refresh_from_db()
    assert contract.status == Contract.Status.CONFIRMED
    assert order.status == Order.Status.CONTRACT_CONFIRMED
    assert contract.pdf and len(contract.pdf_sha256) == 64
    stored_name = contract.pdf.name

    response = client.get(reverse("contracts:pdf", args=[contract.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    downloaded = b"".join(response.streaming_content)
    assert hashlib.sha256(downloaded).hexdigest() == contract.pdf_sha256
    assert response["X-Content-SHA256"] == contract.pdf_sha256
    # Downloading again serves the same stored bytes (never a re-render)
    again = b"".join(client.get(reverse("contracts:pdf", args=[contract.pk])).streaming_content)
    assert again == downloaded
    contract.refresh_from_db()
    assert contract.pdf.name == stored_name

    path = tmp_path / "contract.pdf"
    path.write_bytes(downloaded)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    compact = "".join(text.split())
    assert enterprise.name in compact
    assert institution.name in compact
    assert "壹万贰仟叁佰肆拾伍元陆角柒分" in compact
    assert contract.number in compact
    assert "签订后付50%" in compact

    # The institution uploads the signed scan and an invoice (R3.6), then submits (R3.7)
    client.force_login(inst_user)
    submit_url = reverse("contracts:submit", args=[contract.pk])
    client.post(submit_url)  # no scan yet: refused
    contract.refresh_from_db()
    assert contract.status == Contract.Status.CONFIRMED

    upload_url = reverse("contracts:upload", args=[contract.pk])
    response = client.post(
        upload_url,
        {"kind": "signed_scan", "files": [png("签字盖章1.png"), png("签字盖章2.png")], "note": ""},
    )
    assert response.status_code == 302
    response = client.post(
        upload_url,
        {"kind": "invoice", "files": [pdf()], "note": "增值税普通发票"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200 and response.json()["ok"] is True
    assert contract.documents.count() == 3
    invoice = contract.documents.get(kind=ContractDocument.Kind.INVOICE)
    assert invoice.note == "增值税普通发票"

    response = client.get(reverse("contracts:document", args=[invoice.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    client.post(submit_url)
    contract.refresh_from_db()
    order.refresh_from_db()
    assert contract.status == Contract.Status.SUBMITTED
    assert order.status == Order.Status.CONTRACT_SUBMITTED

    # Read-only afterwards
    response = client.post(upload_url, {"kind": "other", "files": [png()]})
    assert contract.documents.count() == 3
    response = client.post(edit_url, {**form_data(place="改了"), "action": "save"})
    contract.refresh_from_db()
    assert contract.place != "改了"
    response = client.post(
        reverse("contracts:remove_document", args=[contract.pk]), {"document": invoice.pk}
    )
    assert contract.documents.count() == 3
    assert client.get(edit_url).status_code == 302  # straight back to the contract

    # Both parties still read it and download the same PDF
    client.force_login(ent_user)
    page = client.get(detail_url).content.decode()
    assert "合同流程已完成" in page
    final = b"".join(client.get(reverse("contracts:pdf", args=[contract.pk])).streaming_content)
    assert final == downloaded


def test_make_twice_creates_one_contract(client, order, institution):
    client.force_login(institution.user)
    first = client.post(reverse("contracts:make", args=[order.pk]))
    second = client.post(reverse("contracts:make", args=[order.pk]))
    assert first["Location"] == second["Location"]
    assert Contract.objects.filter(order=order).count() == 1
    # and the model method itself is idempotent
    contract = Contract.objects.get(order=order)
    assert Contract.make_for(order, institution.user).pk == contract.pk
    assert Contract.objects.count() == 1


def test_make_get_asks_first_and_post_field_variant(client, order, institution):
    client.force_login(institution.user)
    response = client.get(reverse("contracts:make", args=[order.pk]))
    assert response.status_code == 200
    assert Contract.objects.count() == 0
    response = client.post(reverse("contracts:make_post"), {"order": order.pk})
    assert response.status_code == 302
    assert Contract.objects.count() == 1
    assert client.post(reverse("contracts:make_post"), {"order": "x"}).status_code == 404


def test_contract_list_shows_member_contracts(client, sent_contract, enterprise, other_enterprise):
    client.force_login(enterprise.user)
    response = client.get(reverse("contracts:list"))
    assert sent_contract.number in response.content.decode()
    response = client.get(reverse("contracts:list") + "?status=bogus")
    assert response.status_code == 200
    client.force_login(other_enterprise.user)
    assert sent_contract.number not in client.get(reverse("contracts:list")).content.decode()


def test_order_page_and_menu_link_to_the_contract(client, sent_contract, institution, enterprise):
    client.force_login(institution.user)
    page = client.get(
        reverse("trade:center_institution_order", args=[sent_contract.order_id])
    ).content.decode()
    assert reverse("contracts:detail", args=[sent_contract.pk]) in page
    assert reverse("contracts:list") in page
    client.force_login(enterprise.user)
    page = client.get(reverse("trade:center_order", args=[sent_contract.order_id]))
    assert reverse("contracts:detail", args=[sent_contract.pk]) in page.content.decode()


def test_make_contract_is_one_click_from_the_order(client, order, institution):
    """The order page's 制作合同 posts straight to the maker, which opens the contract form."""
    client.force_login(institution.user)
    page = client.get(order.get_institution_url()).content.decode()
    make_url = reverse("contracts:make", args=[order.pk])
    form_start = page.index(f'<form method="post" action="{make_url}"')
    assert 'data-testid="make-contract"' in page[form_start : page.index("</form>", form_start)]
    response = client.post(make_url)
    contract = Contract.objects.get(order=order)
    assert response["Location"] == contract.get_edit_url()


def test_an_order_started_without_a_contract_still_offers_make_contract(client, order, institution):
    order.start_contract(institution.user)  # 合同制作中, as an app may leave it
    client.force_login(institution.user)
    page = client.get(order.get_institution_url()).content.decode()
    assert 'data-testid="make-contract"' in page
    client.post(reverse("contracts:make", args=[order.pk]))
    contract = Contract.objects.get(order=order)
    page = client.get(order.get_institution_url()).content.decode()
    assert 'data-testid="make-contract"' not in page and contract.number in page
