"""Demo data of the contracts app: the standard contract template, then contracts for the demo
orders past 制作合同 (`marketplace.trade.demo`, earlier in `settings.PORTAL_APPS`). Idempotent.
"""

from contracts.demo.contracts import seed_contracts
from contracts.demo.templates import seed_template


def seed(ctx):
    template = seed_template()
    made = seed_contracts(ctx, template)
    ctx.log(f"  contracts: template “{template.title}”, {made} new contract(s)")
