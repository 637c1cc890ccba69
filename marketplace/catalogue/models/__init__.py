"""The models of this app. Their tables keep the names they had before the split
(`marketplace_…`, decision 0009)."""

from marketplace.catalogue.models.categories import ServiceCategory
from marketplace.catalogue.models.demands import Demand
from marketplace.catalogue.models.products import (
    EnterpriseProduct,
    EnterpriseProductImage,
    ProductCategory,
)
from marketplace.catalogue.models.reports import ContentReport, ReportableMixin
from marketplace.catalogue.models.service_products import ServiceProduct

__all__ = [
    "ContentReport",
    "Demand",
    "EnterpriseProduct",
    "EnterpriseProductImage",
    "ProductCategory",
    "ReportableMixin",
    "ServiceCategory",
    "ServiceProduct",
]
