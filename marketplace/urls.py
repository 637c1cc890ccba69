from django.urls import path

from portal.page_cache import cache_public_page

from marketplace.views import demands, directories, orders, private_files, products, reports, services
from marketplace.views.center import demands as center_demands
from marketplace.views.center import evaluations as center_evaluations
from marketplace.views.center import home as center_home
from marketplace.views.center import images as center_images
from marketplace.views.center import inbox as center_inbox
from marketplace.views.center import orders as center_orders
from marketplace.views.center import products as center_products
from marketplace.views.center import profile as center_profile
from marketplace.views.center import qualification as center_qualification
from marketplace.views.center import service_products as center_service_products

app_name = "marketplace"

urlpatterns = [
    # Public directories
    path(
        "institutions/",
        cache_public_page(directories.InstitutionListView.as_view()),
        name="institution_list",
    ),
    path(
        "institutions/<int:pk>/",
        cache_public_page(directories.InstitutionDetailView.as_view()),
        name="institution_detail",
    ),
    path(
        "enterprises/",
        cache_public_page(directories.EnterpriseListView.as_view()),
        name="enterprise_list",
    ),
    path(
        "enterprises/<int:pk>/",
        cache_public_page(directories.EnterpriseDetailView.as_view()),
        name="enterprise_detail",
    ),
    # Member centre
    path("center/", center_home.CenterHomeView.as_view(), name="center_home"),
    path(
        "center/enterprise/profile/",
        center_profile.EnterpriseProfileView.as_view(),
        name="center_enterprise_profile",
    ),
    path(
        "center/institution/profile/",
        center_profile.InstitutionProfileView.as_view(),
        name="center_institution_profile",
    ),
    path("center/messages/", center_inbox.InboxView.as_view(), name="center_messages"),
    path(
        "center/messages/<int:pk>/",
        center_inbox.NotificationDetailView.as_view(),
        name="center_message",
    ),
    path(
        "center/messages/read-all/",
        center_inbox.MarkAllReadView.as_view(),
        name="center_messages_read_all",
    ),
    path(
        "center/qualification/",
        center_qualification.QualificationView.as_view(),
        name="center_qualification",
    ),
    # 举报 (any reportable model: `ReportableMixin.get_report_url()`)
    path(
        "report/<str:label>/<int:pk>/",
        reports.ReportContentView.as_view(),
        name="report_content",
    ),
    # 企业产品 (public) and the enterprise's image library and products (member centre)
    path("products/", cache_public_page(products.ProductListView.as_view()), name="product_list"),
    path(
        "products/<int:pk>/",
        cache_public_page(products.ProductDetailView.as_view()),
        name="product_detail",
    ),
    path("center/images/", center_images.ImageLibraryView.as_view(), name="center_image_library"),
    path(
        "center/images/picker/",
        center_images.ImagePickerView.as_view(),
        name="center_image_picker",
    ),
    path(
        "center/images/<int:pk>/delete/",
        center_images.ImageDeleteView.as_view(),
        name="center_image_delete",
    ),
    path("center/products/", center_products.ProductListView.as_view(), name="center_products"),
    path(
        "center/products/new/",
        center_products.ProductCreateView.as_view(),
        name="center_product_create",
    ),
    path(
        "center/products/<int:pk>/edit/",
        center_products.ProductEditView.as_view(),
        name="center_product_edit",
    ),
    path(
        "center/products/<int:pk>/withdraw/",
        center_products.ProductStatusView.as_view(action="withdraw"),
        name="center_product_withdraw",
    ),
    path(
        "center/products/<int:pk>/relist/",
        center_products.ProductStatusView.as_view(action="relist"),
        name="center_product_relist",
    ),
    path(
        "center/products/<int:pk>/delete/",
        center_products.ProductDeleteView.as_view(),
        name="center_product_delete",
    ),
    path(
        "files/qualifications/<int:pk>/<str:field_name>/",
        private_files.qualification_file,
        name="qualification_file",
    ),
    # 服务产品 (public) and the institution's service products (member centre)
    path("services/", cache_public_page(services.ServiceListView.as_view()), name="service_list"),
    path(
        "services/<int:pk>/",
        cache_public_page(services.ServiceDetailView.as_view()),
        name="service_detail",
    ),
    path(
        "center/service-products/",
        center_service_products.ServiceProductListView.as_view(),
        name="center_service_products",
    ),
    path(
        "center/service-products/new/",
        center_service_products.ServiceProductFormView.as_view(),
        name="center_service_product_add",
    ),
    path(
        "center/service-products/<int:pk>/edit/",
        center_service_products.ServiceProductFormView.as_view(),
        name="center_service_product_edit",
    ),
    path(
        "center/service-products/<int:pk>/unpublish/",
        center_service_products.ServiceProductUnpublishView.as_view(),
        name="center_service_product_unpublish",
    ),
    # 需求 (public)
    path("demands/", cache_public_page(demands.DemandListView.as_view()), name="demand_list"),
    path(
        "demands/<int:pk>/",
        cache_public_page(demands.DemandDetailView.as_view()),
        name="demand_detail",
    ),
    path("center/demands/", center_demands.DemandListView.as_view(), name="center_demands"),
    path(
        "center/demands/new/",
        center_demands.DemandCreateView.as_view(),
        name="center_demand_add",
    ),
    path(
        "center/demands/<int:pk>/close/",
        center_demands.DemandCloseView.as_view(),
        name="center_demand_close",
    ),
    # 购买服务 and 订单管理 (R3.1, R3.2), 服务评价 (R3.8)
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
