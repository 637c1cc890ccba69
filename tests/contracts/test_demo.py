import hashlib
import io

import pytest
from wagtail.models import ModelLogEntry

from contracts import demo
from contracts.demo import contracts as contract_demo
from contracts.models import Contract, ContractTemplate
from marketplace.members.models import Notification
from marketplace.trade.models import Order
from portal.demo import DemoContext

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.4\n% demo stand-in\n%%EOF\n"


def test_seed_is_idempotent(order, enterprise, institution, product):
    order.start_contract(institution.user)
    order.confirm_contract(enterprise.user)
    order.submit_contract(institution.user)
    placed = Order.place(enterprise.user, product, quantity_or_scope="一次")
    ctx = DemoContext(stdout=io.StringIO())
    demo.seed(ctx)
    demo.seed(ctx)
    assert ContractTemplate.objects.count() == 1
    assert ContractTemplate.objects.get().revisions.count() == 1
    contract = Contract.objects.get()
    assert contract.order == order
    assert contract.status == Contract.Status.SUBMITTED
    assert contract.pdf and len(contract.pdf_sha256) == 64
    assert contract.signed_scans.count() == 2
    assert not Contract.objects.filter(order=placed).exists()


def test_seeding_shows_every_order_and_contract_state(
    monkeypatch, enterprise, other_enterprise, product, django_capture_on_commit_callbacks
):
    from marketplace.trade.demo.orders import seed_orders

    monkeypatch.setattr(contract_demo, "render_contract_pdf", lambda contract: FAKE_PDF)
    ctx = DemoContext(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):  # the messages go out on commit
        seed_orders(ctx, per_state=3)
        demo.seed(ctx)
    seed_orders(ctx, per_state=3)
    demo.seed(ctx)

    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)
    assert set(Contract.objects.values_list("status", flat=True)) == set(Contract.Status.values)
    assert Order.objects.count() == 3 * len(Order.Status.values)
    # One contract per order past 制作合同, none for the placed or cancelled ones
    assert not Contract.objects.filter(
        order__status__in=[Order.Status.PLACED, Order.Status.CANCELLED]
    ).exists()
    assert (
        Contract.objects.count()
        == Order.objects.exclude(status__in=[Order.Status.PLACED, Order.Status.CANCELLED]).count()
    )

    draft = Contract.objects.get(status=Contract.Status.DRAFT)
    assert draft.sent_at is None and not draft.pdf and draft.missing_fields
    returned = Contract.objects.get(status=Contract.Status.RETURNED)
    assert returned.return_comment == contract_demo.RETURN_COMMENT and returned.sent_at
    assert Notification.objects.filter(
        user=returned.order.institution.user, title="合同被退回修改"
    ).exists()
    assert ModelLogEntry.objects.filter(
        object_id=str(returned.pk), action="contracts.return_for_changes"
    ).exists()
    sent = Contract.objects.get(status=Contract.Status.SENT)
    assert sent.sent_at and not sent.pdf and sent.template_revision_id
    for contract in Contract.objects.filter(
        status__in=[Contract.Status.CONFIRMED, Contract.Status.SUBMITTED]
    ):
        assert contract.pdf and contract.pdf_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    for contract in Contract.objects.filter(status=Contract.Status.SUBMITTED):
        assert contract.signed_scans.count() == 2
