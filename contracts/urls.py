from django.urls import path

from contracts.views import center, files, preview

app_name = "contracts"

urlpatterns = [
    path("center/contracts/", center.ContractListView.as_view(), name="list"),
    path("center/contracts/make/", center.MakeContractView.as_view(), name="make_post"),
    path(
        "center/contracts/make/<int:order_pk>/",
        center.MakeContractView.as_view(),
        name="make",
    ),
    path("center/contracts/<int:pk>/", center.ContractDetailView.as_view(), name="detail"),
    path("center/contracts/<int:pk>/edit/", center.ContractEditView.as_view(), name="edit"),
    path(
        "center/contracts/<int:pk>/confirm/",
        center.ContractActionView.as_view(action="confirm"),
        name="confirm",
    ),
    path(
        "center/contracts/<int:pk>/return/",
        center.ContractActionView.as_view(action="return"),
        name="return",
    ),
    path(
        "center/contracts/<int:pk>/documents/",
        center.ContractActionView.as_view(action="upload"),
        name="upload",
    ),
    path(
        "center/contracts/<int:pk>/documents/remove/",
        center.ContractActionView.as_view(action="remove_document"),
        name="remove_document",
    ),
    path(
        "center/contracts/<int:pk>/submit/",
        center.ContractActionView.as_view(action="submit"),
        name="submit",
    ),
    path(
        "center/contracts/<int:pk>/pdf/status/",
        center.ContractPdfStatusView.as_view(),
        name="pdf_status",
    ),
    path(
        "center/contracts/<int:pk>/pdf/regenerate/",
        center.ContractActionView.as_view(action="regenerate_pdf"),
        name="pdf_regenerate",
    ),
    path("contracts/<int:pk>/pdf/", files.contract_pdf, name="pdf"),
    path("contracts/<int:pk>/pdf/preview/", preview.contract_pdf_preview, name="pdf_preview"),
    path("contracts/documents/<int:pk>/", files.contract_document, name="document"),
]
