"""Private downloads (PDF, scans, invoices) and upload checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.files import DOCUMENT_MAX_BYTES
from contracts.models import Contract, ContractDocument
from tests.contracts.conftest import confirm
from tests.contracts.files import fake_pdf, pdf, png

pytestmark = pytest.mark.django_db

FAKE = b"%PDF-1.4\n% stand-in\n%%EOF\n"


@pytest.fixture
def confirmed(monkeypatch, sent_contract, enterprise, institution):
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: FAKE)
    contract = confirm(sent_contract, enterprise.user)
    scan = contract.add_document(institution.user, ContractDocument.Kind.SIGNED_SCAN, png())
    return contract, scan


def _urls(contract, scan):
    return [
        reverse("contracts:pdf", args=[contract.pk]),
        reverse("contracts:document", args=[scan.pk]),
    ]


def test_parties_and_staff_download(client, confirmed, enterprise, institution, platform_staff):
    contract, scan = confirmed
    for user in (enterprise.user, institution.user, *platform_staff):
        client.force_login(user)
        for url in _urls(contract, scan):
            response = client.get(url)
            assert response.status_code == 200, (user.username, url)
            assert response["Cache-Control"].startswith("no-store")
            assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(enterprise.user)
    response = client.get(_urls(contract, scan)[0])
    assert b"".join(response.streaming_content) == FAKE
    assert response["X-Content-SHA256"] == contract.pdf_sha256


def test_everyone_else_gets_404(client, confirmed, other_enterprise, outsiders):
    contract, scan = confirmed
    for url in _urls(contract, scan):
        assert client.get(url).status_code == 404  # anonymous
    for user in outsiders:
        client.force_login(user)
        for url in _urls(contract, scan):
            assert client.get(url).status_code == 404, (user.username, url)
    client.force_login(other_enterprise.user)
    assert client.get(reverse("contracts:pdf", args=[999999])).status_code == 404
    assert client.get(reverse("contracts:document", args=[999999])).status_code == 404


def test_no_pdf_before_confirmation_and_never_rendered_on_get(
    client, sent_contract, enterprise, monkeypatch
):
    def explode(contract):
        raise AssertionError("rendered during a GET")

    monkeypatch.setattr("contracts.pdf.render_contract_pdf", explode)
    client.force_login(enterprise.user)
    assert client.get(reverse("contracts:pdf", args=[sent_contract.pk])).status_code == 404
    assert client.get(reverse("contracts:detail", args=[sent_contract.pk])).status_code == 200


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (fake_pdf, "文件内容与格式不符"),
        (
            lambda: SimpleUploadedFile("scan.gif", b"GIF89a....", "image/gif"),
            "只能上传 PDF、JPG 或 PNG",
        ),
        (
            lambda: SimpleUploadedFile(
                "big.pdf", b"%PDF-" + b"0" * DOCUMENT_MAX_BYTES, "application/pdf"
            ),
            "文件过大",
        ),
        (lambda: SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "文件"),
    ],
)
def test_bad_uploads_are_refused(client, confirmed, institution, upload, message):
    contract, _scan = confirmed
    client.force_login(institution.user)
    url = reverse("contracts:upload", args=[contract.pk])
    # Without JavaScript: the contract page again, the error under the file field.
    response = client.post(url, {"kind": "invoice", "files": [upload()]})
    assert response.status_code == 400
    assert message in response.content.decode()
    response = client.post(
        url, {"kind": "invoice", "files": [upload()]}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"])
    assert contract.documents.count() == 1
    # One bad file in a batch refuses the whole batch
    client.post(url, {"kind": "invoice", "files": [pdf(), upload()]})
    assert contract.documents.count() == 1


def test_upload_needs_kind_and_file(client, confirmed, institution):
    contract, _scan = confirmed
    client.force_login(institution.user)
    url = reverse("contracts:upload", args=[contract.pk])
    response = client.post(url, {"kind": "bogus"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400
    assert "请选择要上传的文件。" in response.json()["errors"]
    assert contract.documents.count() == 1


def test_remove_document_while_confirmed(client, confirmed, institution):
    contract, scan = confirmed
    client.force_login(institution.user)
    url = reverse("contracts:remove_document", args=[contract.pk])
    assert client.post(url, {"document": "abc"}).status_code == 302
    client.post(url, {"document": scan.pk})
    assert not contract.documents.exists()
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.CONFIRMED
