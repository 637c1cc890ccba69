from django.urls import path

from marketplace.trade.views import orders
from marketplace.trade.views.center import evaluations as center_evaluations
from marketplace.trade.views.center import orders as center_orders

app_name = "trade"

urlpatterns = [
    path("services/<int:pk>/buy/", orders.OrderCreateView.as_view(), name="service_buy"),
    path("center/orders/", center_orders.EnterpriseOrderListView.as_view(), name="center_orders"),
    path(
        "center/orders/<int:pk>/",
        center_orders.EnterpriseOrderDetailView.as_view(),
        name="center_order",
    ),
    path(
        "center/orders/<int:pk>/cancel/",
        center_orders.EnterpriseOrderActionView.as_view(action="cancel"),
        name="center_order_cancel",
    ),
    path(
        "center/orders/<int:pk>/complete/",
        center_orders.EnterpriseOrderActionView.as_view(action="mark_completed"),
        name="center_order_complete",
    ),
    path(
        "center/orders/<int:pk>/evaluate/",
        center_evaluations.EvaluationCreateView.as_view(),
        name="center_order_evaluate",
    ),
    path(
        "center/institution/orders/",
        center_orders.InstitutionOrderListView.as_view(),
        name="center_institution_orders",
    ),
    path(
        "center/institution/orders/<int:pk>/",
        center_orders.InstitutionOrderDetailView.as_view(),
        name="center_institution_order",
    ),
    path(
        "center/institution/orders/<int:pk>/cancel/",
        center_orders.InstitutionOrderActionView.as_view(action="cancel"),
        name="center_institution_order_cancel",
    ),
    path(
        "center/institution/orders/<int:pk>/start-contract/",
        center_orders.InstitutionOrderActionView.as_view(action="start_contract"),
        name="center_institution_order_start_contract",
    ),
    path(
        "center/institution/orders/<int:pk>/reply/",
        center_evaluations.EvaluationReplyView.as_view(),
        name="center_institution_evaluation_reply",
    ),
]
