"""Bulk orders for `seed_demo --scale N` (see `portal.demo_scale`): 50 per scale unit, between
the scale enterprises and the scale institutions' live service products
(`marketplace.members.demo.scale`, `marketplace.catalogue.demo.scale`), in every state, with
evaluations for the evaluated ones. Their contracts, for those past 制作合同, are
`contracts.demo.scale`'s. Order keys `scale-order-NNNNNN` mark them.

Rows are written in their final state (no transition methods, log entries or notifications).
"""

from django.utils import timezone

from marketplace.catalogue.models import ServiceProduct
from marketplace.members.demo.scale import INSTITUTION_PREFIX, scale_enterprises
from marketplace.trade.models import Evaluation, Order
from portal.demo_scale import pick

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


def seed_scale(run):
    missing = run.missing(scale_orders(), ORDERS_PER_UNIT)
    created = 0
    if missing:
        created = _create_orders(run, missing.numbers)
    evaluations = _create_evaluations(run)
    run.log(f"  订单 +{created}, 评价 +{evaluations}")


def scale_orders():
    return Order.objects.filter(idempotency_key__startswith=ORDER_KEY_PREFIX)


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
