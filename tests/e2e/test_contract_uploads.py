"""Contract files in a real browser (issue 22): a refused upload is an error under the file field,
tied to it and announced; the banner of an earlier upload never stands beside it; a good file then
goes in and the error goes away."""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from contracts.models import Contract
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.trade.models import Order
from tests.contracts.conftest import fill
from tests.marketplace.catalogue_helpers import make_category, make_product
from tests.portal.bad_files import bomb_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "portal-pass-2026"  # portal.factories.UserFactory
BOMB_REFUSAL = "“发票.png”的图片尺寸 20000×20000 像素超过上限 4000 万像素，请缩小后重新上传。"


@pytest.fixture
def confirmed_contract(live_server, monkeypatch):
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: b"%PDF-1.4\n%%EOF")
    enterprise = EnterpriseFactory(user__username="e2e-upload-buyer")
    institution = InstitutionFactory(user__username="e2e-upload-seller", approved=True)
    product = make_product(institution, make_category(), price="12000")
    order = Order.place(enterprise.user, product, quantity_or_scope="一年")
    contract = Contract.make_for(order, institution.user)
    fill(contract, institution.user)
    contract.send(institution.user)
    return contract.confirm(enterprise.user)


def png_file(name):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "#0a4b9c").save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def upload(page, kind, file):
    page.get_by_label("文件类型").select_option(label=kind)
    page.get_by_label(re.compile(r"^文件\*?$")).set_input_files(file)
    page.get_by_role("button", name="上传", exact=True).click()


def test_a_refused_file_then_a_good_one(page, live_server, confirmed_contract):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("e2e-upload-seller")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + confirmed_contract.get_absolute_url())

    files = page.get_by_label(re.compile(r"^文件\*?$"))
    errors = page.locator("#id_files_error")
    success = page.locator(".message--success")
    bomb = {"name": "发票.png", "mimeType": "image/png", "buffer": bomb_png()}

    # A 20000×20000 PNG as 发票: refused, under the field, as an error.
    upload(page, "发票", bomb)
    expect(errors).to_have_text(BOMB_REFUSAL)
    expect(errors).to_have_attribute("role", "alert")
    expect(errors.locator(".field__error")).to_have_count(1)
    expect(files).to_have_attribute("aria-invalid", "true")
    expect(files).to_have_attribute("aria-describedby", re.compile(r"\bid_files_error\b"))
    expect(page.get_by_test_id("documents")).to_have_count(0)
    assert confirmed_contract.documents.count() == 0

    # A good file: stored, the banner says so, the error is gone.
    upload(page, "发票", png_file("发票.png"))
    expect(success).to_have_text("已上传 1 个文件。")
    expect(page.get_by_test_id("documents").locator("tbody tr")).to_have_count(1)
    expect(errors).to_be_hidden()
    expect(files).not_to_have_attribute("aria-invalid", "true")

    # The bomb again: the error alone, the earlier success banner no longer beside it.
    upload(page, "发票", bomb)
    expect(errors).to_have_text(BOMB_REFUSAL)
    expect(success).to_have_count(0)
    expect(page.get_by_test_id("documents").locator("tbody tr")).to_have_count(1)
    assert confirmed_contract.documents.count() == 1
