"""The models of this app. Their tables keep the names they had before the split
(`marketplace_…`, decision 0009)."""

from marketplace.trade.models.evaluations import Evaluation
from marketplace.trade.models.orders import Order, ProfileIncomplete, TransitionNotAllowed

__all__ = ["Evaluation", "Order", "ProfileIncomplete", "TransitionNotAllowed"]
