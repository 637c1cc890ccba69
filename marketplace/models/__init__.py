from marketplace.models.categories import ServiceCategory
from marketplace.models.demands import Demand
from marketplace.models.evaluations import Evaluation
from marketplace.models.members import Enterprise, Industry, Institution
from marketplace.models.notifications import Notification
from marketplace.models.orders import Order, TransitionNotAllowed
from marketplace.models.platforms import WindowPlatform, platforms_reviewed_by
from marketplace.models.products import EnterpriseProduct, EnterpriseProductImage, ProductCategory
from marketplace.models.qualifications import Qualification
from marketplace.models.reports import ContentReport, ReportableMixin
from marketplace.models.service_products import ServiceProduct

__all__ = [
    "ContentReport",
    "Demand",
    "Enterprise",
    "EnterpriseProduct",
    "EnterpriseProductImage",
    "Evaluation",
    "Industry",
    "Institution",
    "Notification",
    "Order",
    "ProductCategory",
    "Qualification",
    "ReportableMixin",
    "ServiceCategory",
    "ServiceProduct",
    "TransitionNotAllowed",
    "WindowPlatform",
    "platforms_reviewed_by",
]
