"""Bulk contracts for `seed_demo --scale N` (see `portal.demo_scale`): one for each scale order
past 制作合同 (`marketplace.trade.demo.scale`) that has none yet, in the state its order is in.

Rows are written in their final state (no transition methods, log entries or notifications).
PDFs: one real PDF is rendered with WeasyPrint for the first scale contract that needs one,
stored once, and every confirmed or submitted scale contract points at that file with its real
SHA-256; signed scans likewise share one stored PNG. Both are found again on later runs.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from contracts.demo.contracts import scan_png
from contracts.demo.templates import seed_template
from contracts.models import Contract, ContractDocument
from contracts.models.contracts import DEFAULT_BREACH_CLAUSES, DEFAULT_DISPUTE_RESOLUTION
from contracts.pdf import render_contract_pdf
from marketplace.catalogue.models import ServiceProduct
from marketplace.trade.demo.scale import ORDER_KEY_PREFIX, scale_orders
from marketplace.trade.models import Order
from portal.demo_scale import BATCH_SIZE, person_name, pick

S = Order.Status
# The contract of an order past the contract's confirmation.
CONTRACT_STATES = {
    S.CONTRACT_CONFIRMED: Contract.Status.CONFIRMED,
    S.CONTRACT_SUBMITTED: Contract.Status.SUBMITTED,
    S.COMPLETED: Contract.Status.SUBMITTED,
    S.EVALUATED: Contract.Status.SUBMITTED,
}
# An order in 合同制作中 has a draft, one sent to the enterprise, or one sent back.
DRAFTING_STATES = [
    Contract.Status.DRAFT,
    Contract.Status.SENT,
    Contract.Status.SENT,
    Contract.Status.RETURNED,
]


def _contract(order, number, template_revision, today):
    enterprise, institution, product = order.enterprise, order.institution, order.service_product
    qualification = getattr(institution, "qualification", None)
    start = timezone.localdate() + datetime.timedelta(days=7 + number % 30)
    if product.price_mode == ServiceProduct.PriceMode.FIXED and product.price is not None:
        amount = product.price
    elif product.price_min is not None:
        amount = product.price_min
    else:
        amount = Decimal(10_000 + (number * 97) % 90_000)
    return Contract(
        order=order,
        number=f"HT{today:%Y%m%d}S{number:06d}",
        template_revision=template_revision,
        party_a_name=enterprise.name,
        party_a_credit_code=enterprise.credit_code,
        party_a_address=enterprise.address or enterprise.region_name,
        party_a_contact=enterprise.contact_name,
        party_a_phone=enterprise.contact_phone,
        party_b_name=(qualification.display_name if qualification else "") or institution.name,
        party_b_credit_code=(
            qualification.credit_code if qualification and not qualification.is_expert else ""
        ),
        party_b_address=institution.region_name,
        party_b_contact=(
            (qualification.expert_name if qualification.is_expert else qualification.contact_name)
            if qualification
            else person_name(number)
        ),
        party_b_phone=institution.contact_phone,
        product_name=order.product_name,
        service_content=f"按“{order.product_name}”产品说明提供服务：{product.summary}",
        amount=amount,
        service_start=start,
        service_end=start + datetime.timedelta(days=90 + number % 270),
        place="甲方所在地及线上",
        payment_terms="合同签订后 5 个工作日内支付 50%，服务验收合格后 5 个工作日内支付余款。",
        acceptance_criteria="乙方按服务内容完成并提交书面成果，甲方在收到后 10 个工作日内验收。",
        breach_clauses=str(DEFAULT_BREACH_CLAUSES),
        dispute_resolution=str(DEFAULT_DISPUTE_RESOLUTION),
        created_by=institution.user,
    )


def _shared_pdf(sample):
    """(stored name, SHA-256) of the one real PDF the bulk contracts share."""
    previous = (
        Contract.objects.filter(order__idempotency_key__startswith=ORDER_KEY_PREFIX)
        .exclude(pdf="")
        .values_list("pdf", "pdf_sha256")
        .first()
    )
    if previous and Contract._meta.get_field("pdf").storage.exists(previous[0]):
        return previous
    content = render_contract_pdf(sample)
    sample.pdf.save(f"{sample.number}.pdf", ContentFile(content), save=False)
    return sample.pdf.name, hashlib.sha256(content).hexdigest()


def _shared_scan():
    """The stored name of the one signed-scan PNG the bulk contracts share."""
    storage = ContractDocument._meta.get_field("file").storage
    scan = "contracts/scale/signed-scan.png"
    if not storage.exists(scan):
        scan = storage.save(scan, ContentFile(scan_png("scale")))
    return scan


def seed_contracts(run):
    """Contracts for the scale orders past 制作合同 that have none yet."""
    orders = list(
        scale_orders()
        .filter(status__in=[S.CONTRACTING, *CONTRACT_STATES], contract__isnull=True)
        .select_related(
            "enterprise",
            "institution__user",
            "institution__qualification",
            "service_product",
        )
        .order_by("pk")
    )
    if not orders:
        return 0
    revision = seed_template().latest_revision
    contracts = []
    for order in orders:
        number = int(order.idempotency_key.removeprefix(ORDER_KEY_PREFIX))
        contract = _contract(order, number, revision, timezone.localdate())
        status = CONTRACT_STATES.get(order.status) or pick(DRAFTING_STATES, number)
        contract.status = status
        if status != Contract.Status.DRAFT:
            contract.sent_at = run.now
        if status == Contract.Status.RETURNED:
            contract.return_comment = "请补充服务成果的验收标准和付款节点。"
        if status in (Contract.Status.CONFIRMED, Contract.Status.SUBMITTED):
            contract.confirmed_at = run.now
        if status == Contract.Status.SUBMITTED:
            contract.submitted_at = run.now
        contracts.append(contract)
    contracts = run.bulk_create(Contract, contracts)
    confirmed = [contract for contract in contracts if contract.confirmed_at]
    if confirmed:
        pdf, sha256 = _shared_pdf(confirmed[0])
        pks = [contract.pk for contract in confirmed]
        for start in range(0, len(pks), BATCH_SIZE):
            Contract.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                pdf=pdf, pdf_sha256=sha256
            )
    submitted = [contract for contract in contracts if contract.submitted_at]
    if submitted:
        scan = _shared_scan()
        run.bulk_create(
            ContractDocument,
            [
                ContractDocument(
                    contract=contract,
                    kind=ContractDocument.Kind.SIGNED_SCAN,
                    file=scan,
                    original_name=f"{contract.number}-签字盖章.png",
                    note="签字盖章页",
                    uploaded_by=contract.created_by,
                )
                for contract in submitted
            ],
        )
    return len(contracts)


def seed_scale(run):
    contracts = seed_contracts(run)
    run.log(f"  合同 +{contracts}")
