import io

import pytest

from contracts import demo
from contracts.models import Contract, ContractTemplate
from marketplace.models import Order
from portal.demo import DemoContext

pytestmark = pytest.mark.django_db


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
