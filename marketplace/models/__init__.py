from .categories import ServiceCategory
from .demands import Demand
from .evaluations import Evaluation
from .members import Enterprise, Industry, Institution
from .notifications import Notification
from .orders import Order, TransitionNotAllowed
from .platforms import WindowPlatform, platforms_reviewed_by
from .products import EnterpriseProduct, EnterpriseProductImage, ProductCategory
from .qualifications import Qualification
from .reports import ContentReport, ReportableMixin
from .service_products import ServiceProduct

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
