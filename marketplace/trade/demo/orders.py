"""Demo orders in every state, with evaluations for the evaluated ones. Idempotent.

Orders are placed between demo enterprises and approved institutions' live service products
through the real transition methods (so the log and notifications are real); an order whose
idempotency key already exists is not placed again.
"""

from marketplace.catalogue.models import ServiceProduct
from marketplace.members.models import Enterprise
from marketplace.trade.models import Evaluation, Order

PATH = [
    ("start_contract", "institution"),
    ("confirm_contract", "enterprise"),
    ("submit_contract", "institution"),
    ("mark_completed", "enterprise"),
]
TARGETS = [
    Order.Status.PLACED,
    Order.Status.CONTRACTING,
    Order.Status.CONTRACT_CONFIRMED,
    Order.Status.CONTRACT_SUBMITTED,
    Order.Status.COMPLETED,
    Order.Status.EVALUATED,
    Order.Status.CANCELLED,
]
COMMENTS = ["响应及时，服务专业。", "流程清楚，沟通顺畅。", "整体满意，价格合理。"]


def seed_orders(ctx, per_state=3):
    products = list(ServiceProduct.objects.public().select_related("institution__user")[:20])
    enterprises = list(Enterprise.objects.select_related("user").order_by("pk")[:10])
    if not products or not enterprises:
        return
    n = 0
    for target in TARGETS:
        for i in range(per_state):
            product = products[n % len(products)]
            enterprise = enterprises[n % len(enterprises)]
            n += 1
            key = f"demo-order-{target}-{i}"
            if Order.objects.filter(enterprise=enterprise, idempotency_key=key).exists():
                continue
            order = Order.place(
                enterprise.user,
                product,
                quantity_or_scope="1 项",
                expected_time="本季度内",
                note="演示订单",
                idempotency_key=key,
            )
            users = {"enterprise": enterprise.user, "institution": product.institution.user}
            if target == Order.Status.CANCELLED:
                order.cancel(enterprise.user, "需求变更，暂不采购。")
                continue
            for name, party in PATH:
                if order.status == target or (
                    target == Order.Status.EVALUATED and order.status == Order.Status.COMPLETED
                ):
                    break
                getattr(order, name)(users[party])
            if target == Order.Status.EVALUATED:
                score = 5 - (i % 3)
                Evaluation.submit(
                    enterprise.user,
                    order,
                    score=score,
                    quality_score=score,
                    speed_score=5,
                    expertise_score=score,
                    comment=COMMENTS[i % len(COMMENTS)],
                )
