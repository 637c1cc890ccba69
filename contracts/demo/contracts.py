"""Demo contracts for the demo orders that are past 制作合同 (contracting and later), with real
PDFs and PNG "scans". Idempotent: an order that has a contract is left alone.

The trade app's demo (`marketplace.trade.demo`) moves its orders through the order transitions
itself, so the contracts are written here to match each order's state (the order is not moved
again). Orders still 合同制作中 take turns at the three states of that stage, so every contract
state is on show: a half-filled draft, one sent to the enterprise, and one returned with the
enterprise's comment (sent and returned through the real transitions, so their log and messages
are real).
"""

import datetime
import hashlib
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from contracts.models import Contract, ContractDocument
from contracts.pdf import render_contract_pdf
from marketplace.trade.models import Order

# Orders 合同制作中 take these in turn (by id), so all three show whenever there are three.
CONTRACTING_STATES = (Contract.Status.DRAFT, Contract.Status.SENT, Contract.Status.RETURNED)
RETURN_COMMENT = "付款方式请改为分两期支付；验收标准请写明需提交的书面成果清单。"

# Orders past the contract's confirmation.
STATE_FOR_ORDER = {
    Order.Status.CONTRACT_CONFIRMED: Contract.Status.CONFIRMED,
    Order.Status.CONTRACT_SUBMITTED: Contract.Status.SUBMITTED,
    Order.Status.COMPLETED: Contract.Status.SUBMITTED,
    Order.Status.EVALUATED: Contract.Status.SUBMITTED,
}


def scan_png(seed_text):
    """A white A4-ish page with a red "stamp": what a scanned signature page looks like."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    for row in range(8):
        draw.line((60, 90 + row * 40, 560, 90 + row * 40), fill=(180, 180, 180), width=2)
    offset = int(hashlib.sha256(seed_text.encode()).hexdigest()[:2], 16) % 60
    draw.ellipse((360 + offset, 600, 520 + offset, 760), outline=(200, 30, 30), width=6)
    draw.line((80, 700, 300, 690), fill=(20, 20, 80), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _fill(contract, order):
    start = timezone.localdate() + datetime.timedelta(days=7)
    contract.service_content = (
        contract.service_content or f"按“{order.product_name}”产品说明提供服务。"
    )
    if contract.amount is None:
        contract.amount = Decimal("12000.00")
    contract.service_start = start
    contract.service_end = start + datetime.timedelta(days=180)
    contract.place = "甲方所在地及线上"
    contract.payment_terms = (
        "合同签订后 5 个工作日内支付 50%，服务验收合格后 5 个工作日内支付余款。"
    )
    contract.acceptance_criteria = (
        "乙方按服务内容完成并提交书面成果，甲方在收到后 10 个工作日内验收。"
    )


def _state_for(order, contracting_index):
    if order.status == Order.Status.CONTRACTING:
        return CONTRACTING_STATES[contracting_index % len(CONTRACTING_STATES)]
    return STATE_FOR_ORDER[order.status]


def _draft(order, template):
    contract = Contract(order=order, created_by=order.institution.user)
    contract.prefill()
    contract.template_revision = template.latest_revision
    contract.number = Contract.next_number(order)
    _fill(contract, order)
    return contract


def _seed_contracting(contract, order, state):
    """Draft (still being filled in), or sent / returned through the real transitions."""
    if state == Contract.Status.DRAFT:
        # What the institution has not filled in yet keeps it a draft.
        contract.place = ""
        contract.acceptance_criteria = ""
        contract.save()
        return
    contract.save()
    contract.send(order.institution.user)
    if state == Contract.Status.RETURNED:
        contract.return_for_changes(order.enterprise.user, RETURN_COMMENT)


def seed_contracts(ctx, template):
    orders = (
        Order.objects.filter(status__in=[Order.Status.CONTRACTING, *STATE_FOR_ORDER])
        .select_related("enterprise__user", "institution__user", "institution__platform")
        .select_related("service_product", "contract")
        .order_by("pk")
    )
    made = 0
    contracting_index = -1
    for order in orders:
        if order.status == Order.Status.CONTRACTING:
            contracting_index += 1
        if hasattr(order, "contract"):
            continue
        state = _state_for(order, contracting_index)
        contract = _draft(order, template)
        made += 1
        if order.status == Order.Status.CONTRACTING:
            _seed_contracting(contract, order, state)
            continue
        now = timezone.now()
        contract.status = state
        contract.sent_at = now
        contract.confirmed_at = now
        if state == Contract.Status.SUBMITTED:
            contract.submitted_at = now
        contract.save()
        content = render_contract_pdf(contract)
        contract.pdf_sha256 = hashlib.sha256(content).hexdigest()
        contract.pdf.save(f"{contract.number}.pdf", ContentFile(content), save=False)
        contract.save(update_fields=["pdf", "pdf_sha256"])
        if state == Contract.Status.SUBMITTED:
            _add_scans(contract, order)
    return made


def _add_scans(contract, order):
    for page in (1, 2):
        document = ContractDocument(
            contract=contract,
            kind=ContractDocument.Kind.SIGNED_SCAN,
            note=f"签字盖章页 第{page}页",
            uploaded_by=order.institution.user,
            original_name=f"{contract.number}-签字盖章-{page}.png",
        )
        document.file.save(
            f"scan-{page}.png",
            ContentFile(scan_png(f"{contract.number}-{page}")),
            save=False,
        )
        document.save()
