"""下载PDF预览: the 预览稿 of a sent contract, for the parties and platform staff only, marked as
unconfirmed, cached briefly, never stored; after confirmation the link serves the stored PDF."""

import hashlib
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from contracts import preview
from contracts.models import Contract
from tests.contracts.conftest import confirm, fill
from tests.contracts.test_transitions import snapshot

pytestmark = pytest.mark.django_db

MARKER = "预览稿，未确认"


def _url(contract):
    return reverse("contracts:pdf_preview", args=[contract.pk])


def _stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _text(content, tmp_path):
    path = tmp_path / "preview.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return "".join(text.split())


@pytest.fixture
def counted_renders(monkeypatch):
    """Count the renders and stand in for WeasyPrint where its output is not looked at."""
    calls = []

    def fake(contract):
        calls.append(contract.pk)
        return b"%PDF-1.4\n% preview stand-in\n%%EOF\n"

    monkeypatch.setattr("contracts.pdf.render_preview_pdf", fake)
    return calls


def test_parties_download_a_marked_preview_that_is_never_stored(
    client, sent_contract, enterprise, institution, tmp_path
):
    before, files_before = snapshot(sent_contract), _stored_files()
    client.force_login(enterprise.user)
    response = client.get(_url(sent_contract))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("no-store")
    assert "X-Content-SHA256" not in response
    content = response.content
    assert content.startswith(b"%PDF")
    text = _text(content, tmp_path)
    assert MARKER in text
    assert sent_contract.number in text
    assert enterprise.name in text and institution.name in text
    assert "壹万贰仟叁佰肆拾伍元陆角柒分" in text
    assert "在线确认" not in text  # the confirmed file's closing line is not claimed

    client.force_login(institution.user)
    response = client.get(_url(sent_contract))
    assert response.status_code == 200
    assert MARKER in _text(response.content, tmp_path)

    assert snapshot(sent_contract) == before
    assert _stored_files() == files_before
    contract = Contract.objects.get(pk=sent_contract.pk)
    assert not contract.pdf and contract.pdf_sha256 == ""


def test_detail_page_links_the_preview_only_while_sent(client, sent_contract, enterprise):
    client.force_login(enterprise.user)
    page = client.get(sent_contract.get_absolute_url()).content.decode()
    assert "下载PDF预览" in page and _url(sent_contract) in page
    assert 'data-testid="pdf-link"' not in page


def test_staff_of_the_platform_may_download(client, sent_contract, platform_staff, counted_renders):
    for user in platform_staff:
        client.force_login(user)
        response = client.get(_url(sent_contract))
        assert response.status_code == 200, user.username
        assert response["Content-Type"] == "application/pdf"
    inspect = reverse("contracts_admin:inspect", args=[sent_contract.pk])
    assert _url(sent_contract) in client.get(inspect).content.decode()


def test_everyone_else_is_refused(
    client, sent_contract, other_enterprise, outsiders, counted_renders
):
    before = snapshot(sent_contract)
    assert client.get(_url(sent_contract)).status_code == 404  # anonymous
    for user in outsiders:
        client.force_login(user)
        assert client.get(_url(sent_contract)).status_code == 404, user.username
    client.force_login(other_enterprise.user)
    assert client.get(reverse("contracts:pdf_preview", args=[999999])).status_code == 404
    assert counted_renders == []
    assert snapshot(sent_contract) == before


def test_a_double_click_renders_once_and_an_edit_renders_again(
    client, order, enterprise, institution, counted_renders
):
    contract = Contract.make_for(order, institution.user)
    fill(contract, institution.user)
    contract.send(institution.user)
    client.force_login(enterprise.user)
    first = client.get(_url(contract)).content
    assert client.get(_url(contract)).content == first
    assert counted_renders == [contract.pk]
    # Returned, changed and sent again: updated_at moves, so the old preview is not served.
    contract.return_for_changes(enterprise.user, "请修改付款方式。")
    fill(contract, institution.user, payment_terms="分两期支付。")
    contract.send(institution.user)
    client.get(_url(contract))
    assert counted_renders == [contract.pk, contract.pk]


def test_renders_are_rate_limited_per_member(
    client, sent_contract, enterprise, counted_renders, monkeypatch
):
    monkeypatch.setattr(preview.render_limit, "limit", 2)
    client.force_login(enterprise.user)
    for _i in range(2):
        assert client.get(_url(sent_contract)).status_code == 200
        # Every request a cache miss (the rate-limit counter stays).
        preview.cache.delete(preview.cache_key(Contract.objects.get(pk=sent_contract.pk)))
    response = client.get(_url(sent_contract))
    assert response.status_code == 429
    assert "过于频繁" in response.content.decode()
    assert len(counted_renders) == 2


def test_the_render_limit_holds_when_the_cache_is_cleared(
    client, sent_contract, enterprise, counted_renders, monkeypatch
):
    """Issue 14: the counter used to live in the (per-process, evicting) default cache."""
    monkeypatch.setattr(preview.render_limit, "limit", 2)
    client.force_login(enterprise.user)
    statuses = []
    for _i in range(3):
        statuses.append(client.get(_url(sent_contract)).status_code)
        preview.cache.clear()  # the preview bytes and, before, the counter went with it
    assert statuses == [200, 200, 429]
    assert len(counted_renders) == 2


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_nothing_to_preview_before_sending(
    client, order, enterprise, institution, state, counted_renders
):
    contract = Contract.make_for(order, institution.user)
    fill(contract, institution.user)
    if state == "returned":
        contract.send(institution.user)
        contract.return_for_changes(enterprise.user, "请修改。")
    for user in (enterprise.user, institution.user):
        client.force_login(user)
        response = client.get(_url(contract), follow=True)
        assert response.redirect_chain[-1][0] == contract.get_absolute_url()
        assert "合同发送给企业后才能下载PDF预览。" in response.content.decode()
        assert "下载PDF预览</a>" not in response.content.decode()
    assert counted_renders == []


def test_after_confirmation_the_link_serves_the_stored_pdf(
    client, monkeypatch, sent_contract, enterprise, institution, counted_renders
):
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: b"%PDF-1.4 final")
    contract = confirm(sent_contract, enterprise.user)
    before, files_before = snapshot(contract), _stored_files()
    for user in (enterprise.user, institution.user):
        client.force_login(user)
        response = client.get(_url(contract), follow=True)
        assert response.redirect_chain[-1][0] == contract.get_pdf_url()
        downloaded = b"".join(response.streaming_content)
        assert downloaded == b"%PDF-1.4 final"
        assert hashlib.sha256(downloaded).hexdigest() == contract.pdf_sha256
        assert response["X-Content-SHA256"] == contract.pdf_sha256
        page = client.get(contract.get_absolute_url()).content.decode()
        assert "下载PDF预览" not in page and 'data-testid="pdf-link"' in page
    assert counted_renders == []
    assert snapshot(contract) == before
    assert _stored_files() == files_before


def test_head_does_not_render(client, sent_contract, enterprise, counted_renders):
    client.force_login(enterprise.user)
    assert client.head(_url(sent_contract)).status_code == 405
    assert counted_renders == []
