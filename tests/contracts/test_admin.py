"""The admin's 合同管理: scoped, read-only contracts with exports; versioned templates."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from contracts.models import Contract, ContractDocument, ContractTemplate
from portal.factories import StaffUserFactory, SuperUserFactory
from tests.contracts.conftest import confirm
from tests.contracts.files import png

pytestmark = pytest.mark.django_db

FAKE = b"%PDF-1.4\n% stand-in\n%%EOF\n"


def _staff(username, platform):
    user = StaffUserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    platform.reviewers.add(user)
    return user


@pytest.fixture
def contract(monkeypatch, sent_contract, enterprise, institution):
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: FAKE)
    contract = confirm(sent_contract, enterprise.user)
    contract.add_document(
        institution.user, ContractDocument.Kind.SIGNED_SCAN, png("盖章扫描件.png"), "第一页"
    )
    return contract


def _url(name, *args):
    return reverse(f"contracts_admin:{name}", args=args)


def test_superuser_lists_inspects_and_exports(client, contract):
    client.force_login(SuperUserFactory(username="root"))
    response = client.get(_url("index"))
    assert response.status_code == 200
    assert contract.number in response.content.decode()
    page = client.get(_url("inspect", contract.pk)).content.decode()
    assert "盖章扫描件.png" in page and "第一页" in page
    assert len(contract.pdf_sha256) == 64 and contract.pdf_sha256 in page
    response = client.get(_url("index") + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert contract.number in text
    assert "12345.67" in text and "壹万贰仟叁佰肆拾伍元陆角柒分" in text
    response = client.get(_url("index") + "?export=xlsx")
    assert response.status_code == 200
    for status, present in (("confirmed", True), ("draft", False)):
        page = client.get(_url("index") + f"?status={status}").content.decode()
        assert (contract.number in page) is present


def test_the_inspect_page_says_when_the_pdf_is_being_made(client, contract):
    Contract.objects.filter(pk=contract.pk).update(pdf="", pdf_sha256="")
    client.force_login(SuperUserFactory(username="root"))
    page = client.get(_url("inspect", contract.pk)).content.decode()
    assert "合同 PDF 生成中…" in page and "下载合同 PDF" not in page


def test_nobody_edits_or_deletes_in_the_admin(client, contract):
    client.force_login(SuperUserFactory(username="root"))
    before = Contract.objects.get(pk=contract.pk).place
    for name in ("edit", "delete"):
        response = client.post(_url(name, contract.pk), {"place": "admin 改的"})
        assert response.status_code in (302, 403)
    assert Contract.objects.get(pk=contract.pk).place == before
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_reviewers_are_scoped_to_their_subtree(client, contract, changsha, zhuzhou):
    own = _staff("cs-reviewer", changsha)
    other = _staff("zz-reviewer", zhuzhou)
    client.force_login(own)
    assert contract.number in client.get(_url("index")).content.decode()
    assert client.get(_url("inspect", contract.pk)).status_code == 200
    platform_filter = client.get(_url("index") + f"?platform={changsha.pk}")
    assert contract.number in platform_filter.content.decode()

    client.force_login(other)
    assert contract.number not in client.get(_url("index")).content.decode()
    text = b"".join(client.get(_url("index") + "?export=csv").streaming_content).decode("utf-8-sig")
    assert contract.number not in text
    for name in ("inspect", "edit", "delete"):
        assert client.get(_url(name, contract.pk)).status_code == 404, name
    assert client.get(reverse("contracts:pdf", args=[contract.pk])).status_code == 404


def test_template_snippet_is_versioned_and_checked(client):
    client.force_login(SuperUserFactory(username="root"))
    add_url = reverse("wagtailsnippets_contracts_contracttemplate:add")
    response = client.post(add_url, {"title": "坏模板", "body": "{% if %}", "is_active": "on"})
    assert response.status_code == 200
    assert "模板语法错误" in response.content.decode()
    assert not ContractTemplate.objects.exists()
    client.post(
        add_url, {"title": "标准合同", "body": "<p>{{ party_a.name }}</p>", "is_active": "on"}
    )
    template = ContractTemplate.objects.get()
    edit_url = reverse("wagtailsnippets_contracts_contracttemplate:edit", args=[template.pk])
    client.post(
        edit_url,
        {"title": "标准合同", "body": "<p>甲方：{{ party_a.name }}</p>", "is_active": "on"},
    )
    assert template.revisions.count() == 2


def test_contract_keeps_the_revision_it_was_sent_with(client, order, institution, enterprise):
    from tests.contracts.conftest import fill

    template = ContractTemplate.objects.create(
        title="标准合同", body="<p>甲方：{{ party_a.name }}</p>"
    )
    template.save_revision()
    contract = Contract.make_for(order, institution.user)
    fill(contract, institution.user)
    contract.send(institution.user)
    sent_revision = contract.template_revision
    assert sent_revision == template.latest_revision
    template.body = "<p>新版本 {{ party_b.name }}</p>"
    template.save()
    template.save_revision()
    client.force_login(enterprise.user)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert f"甲方：{enterprise.name}" in page
    assert "新版本" not in page


def test_export_query_count_is_fixed(client, enterprise, product):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.trade.models import Order
    from tests.contracts.conftest import fill

    institution_user = product.institution.user
    client.force_login(SuperUserFactory(username="root"))

    def count(n):
        while Contract.objects.count() < n:
            order = Order.place(enterprise.user, product, quantity_or_scope="一年")
            fill(Contract.make_for(order, institution_user), institution_user)
        b"".join(client.get(_url("index") + "?export=csv").streaming_content)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url("index") + "?export=csv")
            text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert text.count("12345.67") == n
        return len(queries)

    assert count(3) == count(12)
