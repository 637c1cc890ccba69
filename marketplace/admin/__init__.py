"""The marketplace's admin: one menu group, "服务机构与审核", for platform staff."""

from importlib import util

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .catalogue import ServiceCategoryViewSet
from .demands import ContentReportViewSet, DemandViewSet
from .orders import EvaluationViewSet, OrderViewSet
from .products import EnterpriseProductViewSet, ProductCategoryViewSet
from .qualifications import QualificationViewSet, ReviewQueueViewSet
from .service_products import ServiceProductViewSet


def _member_viewsets():
    """The members engineer's viewsets (window platforms, institutions, enterprises), if present."""
    if util.find_spec("marketplace.admin.members") is None:
        return ()
    from . import members

    names = ("WindowPlatformViewSet", "InstitutionViewSet", "EnterpriseViewSet")
    return tuple(getattr(members, name) for name in names if hasattr(members, name))


class InstitutionsAndReviewGroup(SnippetViewSetGroup):
    menu_label = _("服务机构与审核")
    menu_icon = "group"
    menu_order = 200
    items = (
        ReviewQueueViewSet,
        QualificationViewSet,
        ServiceProductViewSet,
        *_member_viewsets(),
        ServiceCategoryViewSet,
        ProductCategoryViewSet,
        EnterpriseProductViewSet,
        DemandViewSet,
        ContentReportViewSet,
        OrderViewSet,
        EvaluationViewSet,
    )
