"""Contract documents (签字盖章合同扫描件, 补充合同, 发票): bombs, polyglots and active PDFs are
refused with a Chinese message naming the file; nothing reaches storage; real scans pass."""

import pytest
from django.urls import reverse

from contracts.models import ContractDocument
from tests.portal.bad_files import GOOD_IMAGES, GOOD_PDF, bad_uploads_for, stored_files, upload

pytestmark = pytest.mark.django_db

CASES = bad_uploads_for(accepts_images=True, accepts_pdf=True)


@pytest.fixture
def confirmed(monkeypatch, sent_contract, enterprise):
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: b"%PDF-1.4\n%%EOF")
    return sent_contract.confirm(enterprise.user)


@pytest.mark.parametrize(("name", "content", "message"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("kind", ["signed_scan", "supplement", "invoice"])
def test_bad_documents_are_refused(client, confirmed, institution, kind, name, content, message):
    client.force_login(institution.user)
    before = stored_files()
    response = client.post(
        reverse("contracts:upload", args=[confirmed.pk]),
        {"kind": kind, "files": [upload(name, content)]},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(message in error and f"“{name}”" in error for error in errors), errors
    assert not ContractDocument.objects.exists() and stored_files() == before


def test_model_validation_refuses_too(confirmed, institution):
    """`add_document` (and so the member API) runs the same check through the model field."""
    from django.core.exceptions import ValidationError

    from contracts.exceptions import ContractTransitionNotAllowed

    name, content, message = CASES[-1]
    with pytest.raises((ValidationError, ContractTransitionNotAllowed), match="OpenAction"):
        confirmed.add_document(institution.user, "invoice", upload(name, content))
    assert not ContractDocument.objects.exists()


def test_real_scans_and_pdfs_are_accepted(client, confirmed, institution):
    client.force_login(institution.user)
    files = [upload(name, content) for name, content in [*GOOD_IMAGES, GOOD_PDF]]
    response = client.post(
        reverse("contracts:upload", args=[confirmed.pk]),
        {"kind": "signed_scan", "files": files},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200, response.content
    assert sorted(confirmed.documents.values_list("original_name", flat=True)) == sorted(
        name for name, _content in [*GOOD_IMAGES, GOOD_PDF]
    )
