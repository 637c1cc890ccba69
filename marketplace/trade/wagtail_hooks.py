"""Orders and evaluations in the admin: their viewsets and their actions in Wagtail's log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from marketplace.catalogue.views.services import (
    SERVICE_DETAIL_CONTEXT_HOOK,
    SERVICE_DETAIL_QUERYSET_HOOK,
)
from marketplace.members.admin import ADMIN_VIEWSETS_HOOK
from marketplace.members.views.center.menu import (
    ENTERPRISE,
    INSTITUTION,
    MENU_HOOK,
    CenterMenuItem,
)
from marketplace.members.views.directories import (
    INSTITUTION_DETAIL_CONTEXT_HOOK,
    INSTITUTION_DETAIL_QUERYSET_HOOK,
)


@hooks.register(ADMIN_VIEWSETS_HOOK)
def trade_admin_viewsets():
    from marketplace.trade.admin.orders import EvaluationViewSet, OrderViewSet

    return [(120, OrderViewSet), (130, EvaluationViewSet)]


@hooks.register("register_log_actions")
def register_order_log_actions(actions):
    """Order and evaluation transitions in Wagtail's log (history, admin log views)."""
    from marketplace.trade.models.evaluations import EVALUATION_LOG_ACTIONS
    from marketplace.trade.models.orders import LOG_ACTIONS

    for action, label in {**LOG_ACTIONS, **EVALUATION_LOG_ACTIONS}.items():
        actions.register_action(action, label, label)


@hooks.register(MENU_HOOK)
def trade_centre_menu_items():
    return [
        CenterMenuItem(ENTERPRISE, 50, _("我的订单"), "trade:center_orders", "orders"),
        CenterMenuItem(
            INSTITUTION,
            40,
            _("企业订单"),
            "trade:center_institution_orders",
            "orders",
            group=_("订单管理"),
        ),
    ]


def _with_ratings(queryset):
    """服务评价 (R3.8): `rating_avg` and `rating_count` of visible evaluations, in one query."""
    from marketplace.trade.models.evaluations import rating_annotations

    return queryset.annotate(**rating_annotations("orders"))


hooks.register(INSTITUTION_DETAIL_QUERYSET_HOOK, _with_ratings)
hooks.register(SERVICE_DETAIL_QUERYSET_HOOK, _with_ratings)


@hooks.register(SERVICE_DETAIL_CONTEXT_HOOK)
def service_evaluations(request, product):
    """用户评价 on a service's page: the written evaluations of its orders."""
    from marketplace.trade.public_evaluations import evaluation_page

    return {"evaluation_page": evaluation_page(request, order__service_product=product)}


@hooks.register(INSTITUTION_DETAIL_CONTEXT_HOOK)
def institution_evaluations(request, institution):
    """用户评价 on an institution's page: those of all its services, each naming its service."""
    from marketplace.trade.public_evaluations import evaluation_page

    return {
        "evaluation_page": evaluation_page(request, order__institution=institution),
        "evaluations_name_service": True,
    }
