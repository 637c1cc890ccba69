"""确认合同 in a real browser while the PDF is made in the background (issue 22).

The live server queues tasks in the database, as production does, and this test plays the
worker. The enterprise confirms and at once sees 「合同 PDF 生成中…」; the page shows the
download link by itself once the PDF is stored, without reloading (a form being filled in stays
as it is); a render that failed is offered again with 「重新生成」.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from contracts.models import Contract
from contracts.tasks import store_contract_pdf
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.trade.models import Order
from tests.contracts.conftest import fill
from tests.marketplace.catalogue_helpers import make_category, make_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "portal-pass-2026"  # portal.factories.UserFactory
FAKE_PDF = b"%PDF-1.4\n% stand-in\n%%EOF\n"


@pytest.fixture
def sent_contract(live_server, settings):
    # The site and its home page (a transactional test before this one flushed them).
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    enterprise = EnterpriseFactory(user__username="e2e-pdf-buyer")
    institution = InstitutionFactory(user__username="e2e-pdf-seller", approved=True)
    product = make_product(institution, make_category(), price="12000")
    order = Order.place(enterprise.user, product, quantity_or_scope="一年")
    contract = Contract.make_for(order, institution.user)
    fill(contract, institution.user)
    return contract.send(institution.user)


def log_in(page, url, username):
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_the_page_shows_the_pdf_once_the_worker_has_made_it(
    page, live_server, sent_contract, monkeypatch
):
    outcome = {"render": RuntimeError("WeasyPrint broke")}

    def render(contract):
        if isinstance(outcome["render"], Exception):
            raise outcome["render"]
        return outcome["render"]

    monkeypatch.setattr("contracts.pdf.render_contract_pdf", render)
    detail = live_server.url + sent_contract.get_absolute_url()
    log_in(page, f"{live_server.url}/accounts/login/", "e2e-pdf-buyer")
    page.goto(detail)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认合同").click()
    expect(page.get_by_text("合同已确认，合同 PDF 生成后即可在本页下载。")).to_be_visible()
    expect(page.get_by_test_id("contract-status")).to_have_text("已确认")
    expect(page.get_by_test_id("pdf-pending")).to_have_text("合同 PDF 生成中…")
    assert page.url == detail

    # The worker's first attempt fails: the page says so by itself and offers 重新生成.
    page.evaluate("window.__sameDocument = true")
    with pytest.raises(RuntimeError):
        store_contract_pdf.call(sent_contract.pk)
    expect(page.get_by_test_id("pdf-failed")).to_be_visible(timeout=20_000)
    assert page.evaluate("window.__sameDocument") is True
    page.get_by_role("button", name="重新生成").click()
    expect(page.get_by_text("已重新开始生成合同 PDF，请稍候。")).to_be_visible()
    expect(page.get_by_test_id("pdf-pending")).to_be_visible()

    # The next attempt stores it: the download link and the hash appear without a reload.
    page.evaluate("window.__sameDocument = true")
    outcome["render"] = FAKE_PDF
    assert store_contract_pdf.call(sent_contract.pk) is True
    sha256 = Contract.objects.get(pk=sent_contract.pk).pdf_sha256
    expect(page.get_by_test_id("pdf-sha256")).to_have_text(sha256, timeout=20_000)
    assert page.evaluate("window.__sameDocument") is True
    with page.expect_download() as download_info:
        page.get_by_test_id("pdf-link").click()
    assert download_info.value.suggested_filename == f"{sent_contract.number}.pdf"
    assert re.fullmatch(r"[0-9a-f]{64}", sha256)
