"""The marketplace's admin: one menu group, "服务机构与审核", for platform staff."""

from importlib import util

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from marketplace.admin.catalogue import ServiceCategoryViewSet
from marketplace.admin.demands import ContentReportViewSet, DemandViewSet
from marketplace.admin.orders import EvaluationViewSet, OrderViewSet
from marketplace.admin.products import EnterpriseProductViewSet, ProductCategoryViewSet
from marketplace.admin.qualifications import QualificationViewSet, ReviewQueueViewSet
from marketplace.admin.service_products import ServiceProductViewSet


def _member_viewsets():
    """The members engineer's viewsets (window platforms, institutions, enterprises), if present."""
    if util.find_spec("marketplace.admin.members") is None:
        return ()
    from marketplace.admin import members

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
