from django.urls import path

from marketplace.catalogue.views import demands, products, reports, services
from marketplace.catalogue.views.center import demands as center_demands
from marketplace.catalogue.views.center import image_uploads as center_image_uploads
from marketplace.catalogue.views.center import images as center_images
from marketplace.catalogue.views.center import products as center_products
from marketplace.catalogue.views.center import service_products as center_service_products
from portal.page_cache import cache_public_page

app_name = "catalogue"

urlpatterns = [
    path(
        "report/<str:label>/<int:pk>/",
        reports.ReportContentView.as_view(),
        name="report_content",
    ),
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
        "center/images/upload/",
        center_image_uploads.ImageUploadView.as_view(),
        name="center_image_upload",
    ),
    path(
        "center/images/status/",
        center_image_uploads.ImageStatusView.as_view(),
        name="center_image_status",
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
        "center/demands/<int:pk>/edit/",
        center_demands.DemandUpdateView.as_view(),
        name="center_demand_edit",
    ),
    path(
        "center/demands/<int:pk>/close/",
        center_demands.DemandCloseView.as_view(),
        name="center_demand_close",
    ),
]
