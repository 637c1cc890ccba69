"""The catalogue in the admin menu group "服务机构与审核" (marketplace.members.admin), in the
member centre's menu, and on the home page."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.sections import HOME_SECTION_HOOK
from marketplace.catalogue.home_sections import latest_demands, latest_products, latest_services
from marketplace.members.admin import ADMIN_VIEWSETS_HOOK
from marketplace.members.views.center.menu import (
    ENTERPRISE,
    INSTITUTION,
    MENU_HOOK,
    CenterMenuItem,
)
from marketplace.members.views.directories import INSTITUTION_DETAIL_CONTEXT_HOOK


@hooks.register(ADMIN_VIEWSETS_HOOK)
def catalogue_admin_viewsets():
    from marketplace.catalogue.admin.categories import ServiceCategoryViewSet
    from marketplace.catalogue.admin.demands import ContentReportViewSet, DemandViewSet
    from marketplace.catalogue.admin.products import (
        EnterpriseProductViewSet,
        ProductCategoryViewSet,
    )
    from marketplace.catalogue.admin.service_products import ServiceProductViewSet

    return [
        (30, ServiceProductViewSet),
        (70, ServiceCategoryViewSet),
        (80, ProductCategoryViewSet),
        (90, EnterpriseProductViewSet),
        (100, DemandViewSet),
        (110, ContentReportViewSet),
    ]


@hooks.register(MENU_HOOK)
def catalogue_centre_menu_items():
    return [
        CenterMenuItem(ENTERPRISE, 20, _("产品管理"), "catalogue:center_products", "products"),
        CenterMenuItem(
            ENTERPRISE, 30, _("图片库"), "catalogue:center_image_library", "image_library"
        ),
        CenterMenuItem(ENTERPRISE, 40, _("我的需求"), "catalogue:center_demands", "demands"),
        CenterMenuItem(
            INSTITUTION, 30, _("服务产品"), "catalogue:center_service_products", "service_products"
        ),
        CenterMenuItem(
            INSTITUTION, 50, _("图片库"), "catalogue:center_image_library", "image_library"
        ),
    ]


hooks.register(HOME_SECTION_HOOK, latest_services, order=50)
hooks.register(HOME_SECTION_HOOK, latest_products, order=60)
hooks.register(HOME_SECTION_HOOK, latest_demands, order=70)


@hooks.register(INSTITUTION_DETAIL_CONTEXT_HOOK)
def institution_service_products(request, institution):
    """An institution's page lists its live service products only (R1.7), never a version still
    under review."""
    from marketplace.catalogue.models import ServiceProduct

    products = (
        ServiceProduct.objects.public()
        .filter(institution=institution)
        .select_related("category")
        .order_by("-first_published_at", "-pk")
    )
    return {"service_products": products}
