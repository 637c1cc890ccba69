"""The contract page's uploads as a member meets them: a refused file is an error under the file
field (role="alert", tied to the input), the page's earlier success banner is gone, nothing is
stored; the member API refuses the same files with the same sentences.

A 20000×20000 PNG sent as a 发票 is the case of issue 22: it passed as an invoice before.
"""

import re

import pytest
from django.urls import reverse

from contracts.models import ContractDocument
from tests.member_api import MemberApp
from tests.portal.bad_files import bomb_png, png_bytes, stored_files, upload

pytestmark = pytest.mark.django_db

PASSWORD = "portal-pass-2026"  # portal.factories.UserFactory
BOMB_REFUSAL = "“发票.png”的图片尺寸 20000×20000 像素超过上限 4000 万像素，请缩小后重新上传。"
UPLOADED = "已上传 1 个文件。"


@pytest.fixture
def confirmed(monkeypatch, sent_contract, enterprise):
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: b"%PDF-1.4\n%%EOF")
    return sent_contract.confirm(enterprise.user)


def post_upload(client, contract, name, content, kind="invoice", **headers):
    return client.post(
        reverse("contracts:upload", args=[contract.pk]),
        {"kind": kind, "files": [upload(name, content)], "note": ""},
        **headers,
    )


def files_field(page):
    """The file input and the error list it is tied to."""
    tag = re.search(r'<input type="file" name="files"[^>]*>', page).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    return tag, described


def files_errors(page):
    """The text of the file field's error list (empty and hidden when there is none)."""
    found = re.search(
        r'<div class="field__errors" id="id_files_error" role="alert"([^>]*)>(.*?)</div>', page
    )
    attributes, content = found.groups()
    assert ("hidden" in attributes) == (content == "")
    return content


def test_a_bomb_as_invoice_is_an_error_under_the_file_field(client, confirmed, institution):
    client.force_login(institution.user)
    before = stored_files()

    response = post_upload(client, confirmed, "发票.png", bomb_png())

    assert response.status_code == 400
    page = response.content.decode()
    assert BOMB_REFUSAL in page
    tag, described = files_field(page)
    assert 'aria-invalid="true"' in tag
    assert "id_files_error" in described and "id_files_helptext" in described
    assert BOMB_REFUSAL in files_errors(page)
    assert 'class="field field--error' in page
    assert not ContractDocument.objects.exists() and stored_files() == before


def test_success_then_failure_shows_only_the_error(client, confirmed, institution):
    client.force_login(institution.user)
    # A success whose page was never shown (its banner still waiting) …
    assert (
        post_upload(client, confirmed, "scan.png", png_bytes(), kind="signed_scan").status_code
        == 302
    )
    # … then a refused upload: the error alone, and the old banner does not come back later.
    page = post_upload(client, confirmed, "发票.png", bomb_png()).content.decode()
    assert BOMB_REFUSAL in page and UPLOADED not in page
    assert 'class="message message--success' not in page
    later = client.get(confirmed.get_absolute_url()).content.decode()
    assert UPLOADED not in later and BOMB_REFUSAL not in later
    assert list(confirmed.documents.values_list("kind", flat=True)) == ["signed_scan"]


def test_failure_then_success_shows_only_the_success(client, confirmed, institution):
    client.force_login(institution.user)
    assert post_upload(client, confirmed, "发票.png", bomb_png()).status_code == 400
    response = post_upload(client, confirmed, "发票.png", png_bytes())
    page = client.get(response["Location"]).content.decode()
    assert UPLOADED in page and "像素超过上限" not in page
    assert files_errors(page) == ""
    assert 'aria-invalid="true"' not in files_field(page)[0]


def test_with_javascript_the_errors_come_by_field(client, confirmed, institution):
    client.force_login(institution.user)
    response = post_upload(
        client, confirmed, "发票.png", bomb_png(), HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "errors": [BOMB_REFUSAL],
        "fields": {"files": [BOMB_REFUSAL]},
    }
    assert not ContractDocument.objects.exists()


def test_only_the_institution_of_the_contract_may_upload(
    client, confirmed, enterprise, other_institution
):
    url = reverse("contracts:upload", args=[confirmed.pk])
    assert client.post(url, {"kind": "invoice"})["Location"].startswith(reverse("accounts:login"))
    client.force_login(other_institution.user)
    assert post_upload(client, confirmed, "发票.png", png_bytes()).status_code == 404
    client.force_login(enterprise.user)
    response = post_upload(client, confirmed, "发票.png", png_bytes())
    assert response.status_code == 302
    assert (
        "只有该订单的服务机构可以进行此操作。" in client.get(response["Location"]).content.decode()
    )
    assert not ContractDocument.objects.exists()


def test_the_member_api_refuses_a_bomb_invoice_too(client, confirmed, institution):
    app = MemberApp(client).login(institution.user.username, PASSWORD)
    before = stored_files()
    response = app.post(
        f"/api/v2/me/contracts/{confirmed.pk}/documents/",
        {"kind": "invoice", "note": ""},
        files={"files": upload("发票.png", bomb_png())},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["files"] == [BOMB_REFUSAL]
    assert not ContractDocument.objects.exists() and stored_files() == before
