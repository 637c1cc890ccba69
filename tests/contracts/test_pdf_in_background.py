"""确认合同 answers at once; the contract PDF is made in the background (issue 22).

Production runs the database task backend with `manage.py db_worker`: the confirmation only
records the transition and queues `store_contract_pdf`. These tests use that backend, so the
task is queued but not run, and look at what the parties meet until the worker has run (the
page says 生成中, the API answers 202, submission waits), then run it as the worker does.
"""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contracts.exceptions import ContractTransitionNotAllowed
from contracts.models import Contract, ContractDocument
from contracts.tasks import store_contract_pdf
from tests.contracts.conftest import confirm
from tests.contracts.files import png
from tests.member_api import MemberApp

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.4\n% stand-in\n%%EOF\n"
PASSWORD = "portal-pass-2026"
GENERATING = "合同 PDF 生成中…"


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database, as in production; nothing runs them in the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def renders(monkeypatch):
    """The renders made, and what the next one does (bytes, or an exception to raise)."""

    class Renders(list):
        outcome = FAKE_PDF

    made = Renders()

    def render(contract):
        made.append(contract.pk)
        if isinstance(made.outcome, Exception):
            raise made.outcome
        return made.outcome

    monkeypatch.setattr("contracts.pdf.render_contract_pdf", render)
    return made


def queued_pdf_tasks(contract):
    return [
        row
        for row in DBTaskResult.objects.filter(task_path="contracts.tasks.store_contract_pdf")
        if row.args_kwargs["args"][0] == contract.pk
    ]


def page_of(client, user, contract):
    client.force_login(user)
    response = client.get(contract.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_confirming_queues_the_pdf_and_the_parties_see_it_coming(
    client, sent_contract, enterprise, institution, database_tasks, renders,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(enterprise.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contracts:confirm", args=[sent_contract.pk]), follow=True)

    # The confirmation is recorded and answered without rendering anything.
    assert renders == []
    contract = Contract.objects.get(pk=sent_contract.pk)
    assert contract.status == Contract.Status.CONFIRMED and not contract.pdf
    assert contract.pdf_state == Contract.PdfState.PENDING
    [task] = queued_pdf_tasks(contract)
    assert task.status == "READY"
    page = response.content.decode()
    assert "合同已确认，合同 PDF 生成后即可在本页下载。" in page
    assert GENERATING in page and 'data-testid="pdf-link"' not in page
    # The page asks for its PDF part (a static script: the CSP allows no inline one).
    assert "js/contract-pdf-status.js" in page
    status_url = reverse("contracts:pdf_status", args=[contract.pk])
    assert f'data-pdf-status-url="{status_url}"' in page

    # Both parties see 生成中; the download link leads back to the page, which says so.
    for user in (enterprise.user, institution.user):
        assert GENERATING in page_of(client, user, contract)
        status = client.get(status_url)
        assert status.status_code == 200 and GENERATING in status.content.decode()
        assert status["Cache-Control"].startswith("max-age=0")
        download = client.get(contract.get_pdf_url(), follow=True)
        assert download.redirect_chain[-1][0] == contract.get_absolute_url()
        assert "合同 PDF 生成中，生成后即可在本页下载。" in download.content.decode()

    # Submission waits for the PDF (the signed scan is of it).
    contract.add_document(institution.user, ContractDocument.Kind.SIGNED_SCAN, png())
    with pytest.raises(ContractTransitionNotAllowed, match="合同 PDF 尚未生成"):
        contract.submit(institution.user)

    # The worker runs the task: the PDF is stored with its hash, and the page offers it.
    assert store_contract_pdf.call(contract.pk) is True
    contract.refresh_from_db()
    assert contract.pdf_state == Contract.PdfState.READY
    assert contract.pdf_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    page = page_of(client, enterprise.user, contract)
    assert GENERATING not in page and "js/contract-pdf-status.js" not in page
    assert f'<code data-testid="pdf-sha256">{contract.pdf_sha256}</code>' in page
    assert contract.pdf_sha256 in client.get(status_url).content.decode()
    download = client.get(contract.get_pdf_url())
    assert b"".join(download.streaming_content) == FAKE_PDF

    # Once stored it never changes: running the task again renders nothing.
    stored = (contract.pdf.name, contract.pdf_sha256)
    assert store_contract_pdf.call(contract.pk) is False
    contract.refresh_from_db()
    assert (contract.pdf.name, contract.pdf_sha256) == stored
    assert renders == [contract.pk]
    contract.submit(institution.user)
    assert contract.status == Contract.Status.SUBMITTED


def test_the_api_says_the_pdf_is_being_made(
    client, sent_contract, enterprise, database_tasks, renders, django_capture_on_commit_callbacks
):
    app = MemberApp(client).login(enterprise.user.username, PASSWORD)
    url = f"/api/v2/me/contracts/{sent_contract.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = app.post(f"{url}confirm/")
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert body["status"] == "confirmed"
    assert (body["pdf_status"], body["pdf_status_label"], body["pdf"]) == (
        "pending",
        "生成中",
        None,
    )
    assert renders == []

    waiting = app.get(f"{url}pdf/", headers={"HTTP_ACCEPT": "application/pdf"})
    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "5"
    assert waiting.json() == {"message": "合同 PDF 生成中，请稍后再下载。"}

    store_contract_pdf.call(sent_contract.pk)
    ready = app.get(url).json()
    assert ready["pdf_status"] == "ready"
    assert ready["pdf"]["sha256"] == hashlib.sha256(FAKE_PDF).hexdigest()
    download = app.get(f"{url}pdf/", headers={"HTTP_ACCEPT": "application/pdf"})
    assert download.status_code == 200
    assert download["X-Content-SHA256"] == ready["pdf"]["sha256"]


def test_a_failed_render_is_retried_and_either_party_may_regenerate(
    client, sent_contract, enterprise, institution, other_enterprise, database_tasks, renders,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        contract = sent_contract.confirm(enterprise.user)
    renders.outcome = OSError("fonts missing")
    with pytest.raises(OSError):
        store_contract_pdf.call(contract.pk)

    # Recorded, retried later by the worker, nothing stored.
    contract.refresh_from_db()
    assert contract.pdf_state == Contract.PdfState.FAILED and not contract.pdf
    [retry] = [row for row in queued_pdf_tasks(contract) if row.args_kwargs["args"][1:] == [2]]
    assert retry.run_after > timezone.now()

    # The parties are offered 重新生成; the API explains the 409 and names the action.
    for user in (enterprise.user, institution.user):
        page = page_of(client, user, contract)
        assert "合同 PDF 暂未生成成功" in page and 'data-testid="pdf-regenerate"' in page
        assert "regenerate_pdf" in contract.allowed_actions(user)
    app = MemberApp(client).login(institution.user.username, PASSWORD)
    refused = app.get(f"/api/v2/me/contracts/{contract.pk}/pdf/")
    assert refused.status_code == 409
    assert "重新生成合同 PDF" in refused.json()["message"]

    # Nobody else may ask for it.
    regenerate_url = reverse("contracts:pdf_regenerate", args=[contract.pk])
    client.logout()
    assert client.post(regenerate_url).status_code == 302  # to the login page
    client.force_login(other_enterprise.user)
    assert client.post(regenerate_url).status_code == 404
    assert client.get(reverse("contracts:pdf_status", args=[contract.pk])).status_code == 404
    before = len(queued_pdf_tasks(contract))

    # The enterprise asks again: queued once; a second click while it is pending is refused.
    client.force_login(enterprise.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(regenerate_url, follow=True)
    assert "已重新开始生成合同 PDF，请稍候。" in response.content.decode()
    assert GENERATING in response.content.decode()
    assert len(queued_pdf_tasks(contract)) == before + 1
    response = client.post(regenerate_url, follow=True)
    assert "合同 PDF 正在生成，请稍候刷新页面查看。" in response.content.decode()
    assert len(queued_pdf_tasks(contract)) == before + 1

    # This time the render works; after that the PDF is never made again.
    renders.outcome = FAKE_PDF
    store_contract_pdf.call(contract.pk)
    contract.refresh_from_db()
    assert contract.pdf_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    again = app.post(f"/api/v2/me/contracts/{contract.pk}/pdf/regenerate/")
    assert again.status_code == 409
    assert again.json()["message"] == "合同 PDF 已生成，生成后不再改变，可以直接下载。"


def test_regenerating_through_the_api(
    client, renders, confirmed_contract, institution, django_capture_on_commit_callbacks
):
    """A PDF never stored (the worker was down) counts as failed after a while."""
    Contract.objects.filter(pk=confirmed_contract.pk).update(
        pdf="", pdf_sha256="", pdf_requested_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    app = MemberApp(client).login(institution.user.username, PASSWORD)
    url = f"/api/v2/me/contracts/{confirmed_contract.pk}/"
    detail = app.get(url).json()
    assert detail["pdf_status"] == "failed"
    assert {"action": "regenerate_pdf", "label": "重新生成合同 PDF"} in detail["allowed_actions"]
    with django_capture_on_commit_callbacks(execute=True):  # immediate backend: runs at commit
        asked = app.post(f"{url}pdf/regenerate/")
    assert asked.status_code == 202
    assert asked.json()["pdf_status"] == "pending"  # answered before the commit
    assert app.get(url).json()["pdf_status"] == "ready"


def test_a_render_failing_in_the_request_is_no_500(
    client, sent_contract, enterprise, renders, django_capture_on_commit_callbacks
):
    """With the immediate backend (`make run`) the task runs at commit, in the request: a
    failure there leaves the confirmation standing and offers 重新生成."""
    renders.outcome = RuntimeError("WeasyPrint broke")
    client.force_login(enterprise.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contracts:confirm", args=[sent_contract.pk]))
    assert response.status_code == 302
    contract = Contract.objects.get(pk=sent_contract.pk)
    assert contract.status == Contract.Status.CONFIRMED
    assert 'data-testid="pdf-regenerate"' in page_of(client, enterprise.user, contract)


def test_the_pdf_states_when_the_enterprise_confirmed(sent_contract, enterprise, monkeypatch):
    """The file says when the enterprise confirmed, not when the worker got to it."""
    captured = {}

    def fake_write(html, contract, kind):
        captured["html"] = html
        return FAKE_PDF

    monkeypatch.setattr("contracts.pdf._write_pdf", fake_write)
    confirmed = timezone.make_aware(datetime.datetime(2027, 3, 4, 9, 30))
    contract = confirm(sent_contract, enterprise.user)
    Contract.objects.filter(pk=contract.pk).update(pdf="", confirmed_at=confirmed)
    assert store_contract_pdf.call(contract.pk) is True
    assert "本合同由企业于 2027-03-04 09:30 在线确认" in captured["html"]
