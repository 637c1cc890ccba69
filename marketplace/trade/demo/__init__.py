"""Demo data of the trade app: orders in every state, with evaluations for the evaluated ones,
between the demo enterprises and the live service products of `marketplace.catalogue.demo`
(earlier in `settings.PORTAL_APPS`). Idempotent: an order is found by its idempotency key.
"""

from marketplace.trade.demo.orders import seed_orders


def seed(ctx):
    seed_orders(ctx)
