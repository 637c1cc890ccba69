"""Every illegal contract transition, for every role (and anonymous), is refused and changes
nothing; the legal ones move the order along with the contract."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contracts.exceptions import ContractTransitionNotAllowed
from contracts.models import Contract, ContractDocument
from marketplace.trade.models import Order
from portal.factories import SuperUserFactory
from tests.contracts.conftest import CONTENT, confirm, fill
from tests.contracts.files import pdf, png

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.4\n% a stand-in for WeasyPrint in the matrix tests\n%%EOF\n"
STATES = ["draft", "sent", "returned", "confirmed", "submitted"]
ROLES = ["anonymous", "enterprise", "institution", "other_enterprise", "other_institution", "admin"]
ALLOWED = {
    ("save_draft", "draft", "institution"),
    ("save_draft", "returned", "institution"),
    ("send", "draft", "institution"),
    ("send", "returned", "institution"),
    ("return_for_changes", "sent", "enterprise"),
    ("confirm", "sent", "enterprise"),
    ("add_document", "confirmed", "institution"),
    ("submit", "confirmed", "institution"),
}


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr("contracts.pdf.render_contract_pdf", lambda contract: FAKE_PDF)


def build(state, order, enterprise, institution):
    contract = Contract.make_for(order, institution.user)
    fill(contract, institution.user)
    if state == "draft":
        return contract
    contract.send(institution.user)
    if state == "returned":
        contract.return_for_changes(enterprise.user, "请修改")
    if state in ("confirmed", "submitted"):
        confirm(contract, enterprise.user)
        contract.add_document(institution.user, ContractDocument.Kind.SIGNED_SCAN, png())
    if state == "submitted":
        contract.submit(institution.user)
    return contract


def snapshot(contract):
    contract = Contract.objects.get(pk=contract.pk)
    order = Order.objects.get(pk=contract.order_id)
    return (
        {f.attname: getattr(contract, f.attname) for f in Contract._meta.concrete_fields},
        order.status,
        list(contract.documents.values_list("pk", flat=True)),
    )


def user_for(role, enterprise, institution, other_enterprise, other_institution):
    return {
        "anonymous": AnonymousUser(),
        "enterprise": enterprise.user,
        "institution": institution.user,
        "other_enterprise": other_enterprise.user,
        "other_institution": other_institution.user,
        "admin": SuperUserFactory(username="contracts-admin"),
    }[role]


ATTEMPTS = {
    "save_draft": lambda c, u: c.save_draft(u, {**CONTENT, "place": "改过的地点"}),
    "send": lambda c, u: c.send(u),
    "return_for_changes": lambda c, u: c.return_for_changes(u, "再改改"),
    "confirm": lambda c, u: c.confirm(u),
    "add_document": lambda c, u: c.add_document(u, ContractDocument.Kind.INVOICE, pdf()),
    "submit": lambda c, u: c.submit(u),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_illegal_transitions_change_nothing(
    state, role, fake_pdf, order, enterprise, institution, other_enterprise, other_institution
):
    contract = build(state, order, enterprise, institution)
    user = user_for(role, enterprise, institution, other_enterprise, other_institution)
    before = snapshot(contract)
    refused = 0
    for action, attempt in ATTEMPTS.items():
        if (action, state, role) in ALLOWED:
            continue
        fresh = Contract.objects.get(pk=contract.pk)
        with pytest.raises(ContractTransitionNotAllowed) as error:
            attempt(fresh, user)
        assert error.value.message  # a Chinese sentence for the member
        assert snapshot(contract) == before, (action, state, role)
        refused += 1
    assert refused >= 4


@pytest.mark.parametrize("role", ["anonymous", "enterprise", "other_institution", "admin"])
def test_only_the_orders_institution_makes_the_contract(
    role, order, enterprise, institution, other_enterprise, other_institution
):
    user = user_for(role, enterprise, institution, other_enterprise, other_institution)
    with pytest.raises(ContractTransitionNotAllowed):
        Contract.make_for(order, user)
    assert not Contract.objects.exists()
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED


def test_no_contract_for_a_cancelled_order(order, enterprise, institution):
    order.cancel(enterprise.user, "不需要了")
    with pytest.raises(ContractTransitionNotAllowed, match="已取消"):
        Contract.make_for(order, institution.user)
    assert not Contract.objects.exists()


def test_cannot_send_incomplete_or_backwards_period(order, institution):
    contract = Contract.make_for(order, institution.user)
    contract.save_draft(institution.user, {"place": ""})
    with pytest.raises(ContractTransitionNotAllowed, match="服务地点"):
        contract.send(institution.user)
    fill(contract, institution.user, service_end=CONTENT["service_start"].replace(year=2026))
    with pytest.raises(ContractTransitionNotAllowed, match="结束日期"):
        contract.send(institution.user)
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.DRAFT


def test_return_needs_a_comment(sent_contract, enterprise):
    with pytest.raises(ContractTransitionNotAllowed, match="修改意见"):
        sent_contract.return_for_changes(enterprise.user, "   ")
    assert Contract.objects.get(pk=sent_contract.pk).status == Contract.Status.SENT


def test_submit_needs_a_signed_scan(fake_pdf, sent_contract, enterprise, institution):
    contract = confirm(sent_contract, enterprise.user)
    contract.add_document(institution.user, ContractDocument.Kind.INVOICE, pdf())
    with pytest.raises(ContractTransitionNotAllowed, match="扫描件"):
        contract.submit(institution.user)
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.CONFIRMED


def test_a_refused_order_transition_rolls_the_contract_back(
    fake_pdf, sent_contract, enterprise, monkeypatch
):
    """If the order refuses (here: it was moved on meanwhile), the contract stays as it was."""
    Order.objects.filter(pk=sent_contract.order_id).update(status=Order.Status.PLACED)
    with pytest.raises(ContractTransitionNotAllowed):
        sent_contract.confirm(enterprise.user)
    contract = Contract.objects.get(pk=sent_contract.pk)
    assert contract.status == Contract.Status.SENT
    assert not contract.pdf and not contract.pdf_sha256


def test_logged_in_wagtail_history(fake_pdf, sent_contract, enterprise):
    from wagtail.models import ModelLogEntry

    sent_contract.confirm(enterprise.user)
    actions = list(
        ModelLogEntry.objects.for_instance(sent_contract).values_list("action", flat=True)
    )
    assert {"contracts.make", "contracts.save_draft", "contracts.send", "contracts.confirm"} <= set(
        actions
    )


ACTION_URLS = ["confirm", "return", "upload", "submit", "remove_document"]


@pytest.mark.parametrize("name", ACTION_URLS)
def test_action_urls_refuse_outsiders(
    name, client, sent_contract, other_enterprise, other_institution
):
    url = reverse(f"contracts:{name}", args=[sent_contract.pk])
    before = snapshot(sent_contract)
    response = client.post(url, {"comment": "x", "document": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for outsider in (other_enterprise.user, other_institution.user):
        client.force_login(outsider)
        assert client.post(url, {"comment": "x", "document": "1"}).status_code == 404
    assert client.get(url).status_code == 405
    assert snapshot(sent_contract) == before


def test_pages_are_404_for_outsiders(client, sent_contract, other_enterprise, other_institution):
    for outsider in (other_enterprise.user, other_institution.user):
        client.force_login(outsider)
        assert client.get(reverse("contracts:detail", args=[sent_contract.pk])).status_code == 404
    client.force_login(other_institution.user)
    assert client.get(reverse("contracts:edit", args=[sent_contract.pk])).status_code == 404
    assert client.post(reverse("contracts:make", args=[sent_contract.order_id])).status_code == 404


def test_enterprise_cannot_use_the_institution_pages(client, order, enterprise):
    client.force_login(enterprise.user)
    assert client.post(reverse("contracts:make", args=[order.pk])).status_code == 403
    assert not Contract.objects.exists()


def test_an_order_the_institution_already_started_gets_its_contract(order, institution):
    """The order's own 制作合同 (start_contract) first, then the contract: one move, one log."""
    order.start_contract(institution.user)
    contract = Contract.make_for(order, institution.user)
    assert contract.status == Contract.Status.DRAFT and contract.order_id == order.pk
    order.refresh_from_db()
    assert order.status == Order.Status.CONTRACTING
    actions = ModelLogEntry.objects.for_instance(order).values_list("action", flat=True)
    assert list(actions).count("marketplace.order.start_contract") == 1
    assert Contract.make_for(order, institution.user).pk == contract.pk
