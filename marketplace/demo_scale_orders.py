"""Bulk orders between scale enterprises and scale institutions' live service products, in every
state, with evaluations for the evaluated ones and contracts for those past 制作合同 (see
`marketplace.demo_scale`).

Rows are written in their final state (no transition methods, log entries or notifications).
Contract PDFs: one real PDF is rendered with WeasyPrint for the first scale contract that needs
one, stored once, and every confirmed or submitted scale contract points at that file with its
real SHA-256; signed scans likewise share one stored PNG. Both are found again on later runs.
"""

import datetime
import hashlib
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.demo_scale import BATCH_SIZE, person_name, pick

from marketplace.demo_scale import INSTITUTION_PREFIX, scale_enterprises
from marketplace.models import Evaluation, Order, ServiceProduct

ORDERS_PER_UNIT = 50
ORDER_KEY_PREFIX = "scale-order-"
S = Order.Status
# One scale unit's 50 orders: every state, most of them past the contract.
STATE_CYCLE = (
    [S.PLACED] * 7
    + [S.CONTRACTING] * 9
    + [S.CONTRACT_CONFIRMED] * 5
    + [S.CONTRACT_SUBMITTED] * 6
    + [S.COMPLETED] * 6
    + [S.EVALUATED] * 12
    + [S.CANCELLED] * 5
)
SCOPES = ["1 项", "全年服务", "2 个项目", "一期工程", "10 人次", "按季度服务", "首期试点"]
EXPECTED = ["本月内", "本季度内", "下季度", "年底前", "尽快"]
COMMENTS = [
    "响应及时，服务专业。",
    "流程清楚，沟通顺畅。",
    "整体满意，价格合理。",
    "方案落地效果明显，推荐。",
    "专业水平高，交付准时。",
]
REPLIES = ["感谢您的信任，我们将持续改进服务。", "感谢评价，欢迎再次合作。"]
CANCEL_REASONS = ["需求变更，暂不采购。", "预算调整，项目延期。", "已选择其他服务方案。"]


def seed_orders(run):
    missing = run.missing(
        Order.objects.filter(idempotency_key__startswith=ORDER_KEY_PREFIX), ORDERS_PER_UNIT
    )
    created = 0
    if missing:
        created = _create_orders(run, missing.numbers)
    evaluations = _create_evaluations(run)
    contracts = 0
    if "contracts" in run.apps and apps.is_installed("contracts"):
        contracts = seed_contracts(run)
    run.log(f"  订单 +{created}, 评价 +{evaluations}, 合同 +{contracts}")


def _create_orders(run, numbers):
    products = list(
        ServiceProduct.objects.public()
        .filter(institution__user__username__startswith=INSTITUTION_PREFIX)
        .select_related("institution")
        .order_by("pk")
    )
    enterprises = list(scale_enterprises().order_by("pk"))
    if not products or not enterprises:
        return 0
    today = timezone.localdate()
    orders = []
    for number in numbers:
        product = pick(products, number, 7919)
        status = pick(STATE_CYCLE, number)
        done = status in (S.COMPLETED, S.EVALUATED)
        cancelled = status == S.CANCELLED
        orders.append(
            Order(
                number=f"DD{today:%Y%m%d}-S{number:06d}",
                enterprise=pick(enterprises, number, 3),
                institution=product.institution,
                service_product=product,
                product_name=product.name,
                price_text=str(product.price_display),
                quantity_or_scope=pick(SCOPES, number, 3),
                expected_time=pick(EXPECTED, number),
                note="规模演示订单",
                status=status,
                idempotency_key=f"{ORDER_KEY_PREFIX}{number:06d}",
                completed_at=run.days_ago(number % 60) if done else None,
                cancel_reason=pick(CANCEL_REASONS, number) if cancelled else "",
                cancelled_by=(pick(list(Order.Party), number) if cancelled else ""),
                cancelled_at=run.days_ago(number % 30) if cancelled else None,
            )
        )
    run.bulk_create(Order, orders)
    return len(orders)


def _create_evaluations(run):
    orders = list(
        Order.objects.filter(
            idempotency_key__startswith=ORDER_KEY_PREFIX,
            status=S.EVALUATED,
            evaluation__isnull=True,
        ).order_by("pk")
    )
    evaluations = []
    for number, order in enumerate(orders):
        score = 5 - (number % 3 == 2) - (number % 7 == 6)
        replied = number % 3 == 0
        evaluations.append(
            Evaluation(
                order=order,
                score=score,
                quality_score=score,
                speed_score=5 - number % 2,
                expertise_score=max(1, score - number % 2),
                comment=pick(COMMENTS, number),
                reply=pick(REPLIES, number) if replied else "",
                replied_at=run.now if replied else None,
            )
        )
    run.bulk_create(Evaluation, evaluations)
    return len(evaluations)


# Contracts -------------------------------------------------------------------------------------


def _contract_states():
    Contract = apps.get_model("contracts", "Contract")
    return Contract, {
        S.CONTRACT_CONFIRMED: Contract.Status.CONFIRMED,
        S.CONTRACT_SUBMITTED: Contract.Status.SUBMITTED,
        S.COMPLETED: Contract.Status.SUBMITTED,
        S.EVALUATED: Contract.Status.SUBMITTED,
    }


def _contract(Contract, order, number, template_revision, today):
    from contracts.models.contracts import DEFAULT_BREACH_CLAUSES, DEFAULT_DISPUTE_RESOLUTION

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


def _shared_pdf(Contract, sample):
    """(stored name, SHA-256) of the one real PDF the bulk contracts share."""
    from contracts.pdf import render_contract_pdf

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


def seed_contracts(run):
    """Contracts for the scale orders past 制作合同 that have none yet."""
    from contracts.demo import _scan_png, seed_template
    from contracts.models import ContractDocument

    Contract, states = _contract_states()
    orders = list(
        Order.objects.filter(
            idempotency_key__startswith=ORDER_KEY_PREFIX,
            status__in=[S.CONTRACTING, *states],
            contract__isnull=True,
        )
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
    template = seed_template()
    revision = template.latest_revision
    contracts = []
    # An order in 合同制作中 has a draft, one sent to the enterprise, or one sent back.
    drafting = [Contract.Status.DRAFT, Contract.Status.SENT, Contract.Status.SENT]
    drafting.append(Contract.Status.RETURNED)
    for order in orders:
        number = int(order.idempotency_key.removeprefix(ORDER_KEY_PREFIX))
        contract = _contract(Contract, order, number, revision, timezone.localdate())
        status = states.get(order.status) or pick(drafting, number)
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
        pdf, sha256 = _shared_pdf(Contract, confirmed[0])
        pks = [contract.pk for contract in confirmed]
        for start in range(0, len(pks), BATCH_SIZE):
            Contract.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                pdf=pdf, pdf_sha256=sha256
            )
    submitted = [contract for contract in contracts if contract.submitted_at]
    if submitted:
        storage = ContractDocument._meta.get_field("file").storage
        scan = "contracts/scale/signed-scan.png"
        if not storage.exists(scan):
            scan = storage.save(scan, ContentFile(_scan_png("scale")))
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
