"""制作合同 and 退回修改: oversized terms and comments are refused in Chinese; nothing is stored."""

import pytest
from django.urls import reverse

from contracts.exceptions import ContractTransitionNotAllowed
from contracts.models import Contract
from tests.contracts.conftest import CONTENT, form_data

HUGE = "x" * 1_048_576

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("service_content", "服务内容最多 5000 个字，当前 1048576 个字。"),
        ("payment_terms", "付款方式最多 2000 个字，当前 1048576 个字。"),
        ("acceptance_criteria", "验收标准最多 2000 个字，当前 1048576 个字。"),
        ("breach_clauses", "违约责任最多 2000 个字，当前 1048576 个字。"),
        ("dispute_resolution", "争议解决最多 1000 个字，当前 1048576 个字。"),
        ("place", "服务地点最多 255 个字，当前 1048576 个字。"),
    ],
)
def test_contract_terms(client, order, institution, field, message):
    contract = Contract.make_for(order, institution.user)
    before = Contract.objects.values().get(pk=contract.pk)
    client.force_login(institution.user)
    edit_url = reverse("contracts:edit", args=[contract.pk])
    response = client.post(edit_url, {**form_data(**{field: HUGE}), "action": "save"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Contract.objects.values().get(pk=contract.pk) == before


def test_save_draft_checks_lengths_for_any_caller(order, institution):
    contract = Contract.make_for(order, institution.user)
    with pytest.raises(ContractTransitionNotAllowed, match="付款方式最多 2000 个字，当前 2001"):
        contract.save_draft(institution.user, {**CONTENT, "payment_terms": "x" * 2001})
    contract.refresh_from_db()
    assert contract.payment_terms == ""


def test_return_with_an_oversized_comment(client, sent_contract, enterprise):
    client.force_login(enterprise.user)
    url = reverse("contracts:return", args=[sent_contract.pk])
    response = client.post(url, {"comment": HUGE}, follow=True)
    assert "修改意见最多 2000 个字，当前 1048576 个字。" in response.content.decode()
    sent_contract.refresh_from_db()
    assert sent_contract.status == Contract.Status.SENT and sent_contract.return_comment == ""
    with pytest.raises(ContractTransitionNotAllowed, match="修改意见最多 2000 个字"):
        sent_contract.return_for_changes(enterprise.user, "x" * 2001)


def test_upload_note_is_limited(client, sent_contract, enterprise, institution, monkeypatch):
    from tests.contracts.files import pdf

    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: b"%PDF-1.4\n%%EOF")
    confirmed_contract = sent_contract.confirm(enterprise.user)
    client.force_login(institution.user)
    url = reverse("contracts:upload", args=[confirmed_contract.pk])
    response = client.post(
        url,
        {"kind": "invoice", "files": [pdf()], "note": HUGE},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 400
    assert "说明最多 200 个字，当前 1048576 个字。" in response.json()["errors"]
    assert not confirmed_contract.documents.exists()
