"""The member API of contracts (/api/v2/me/contracts/): 制作合同 to 提交合同 (R3.3–R3.7).

The same rules as the member centre's contract pages: the content is validated with
`ContractForm` (发送给企业 with `sending=True`: everything the standard contract needs), the
enterprise's 退回修改 with `ReturnForm`, uploads with `DocumentUploadForm` (the same file checks),
and every change is one `Contract` method, which checks the party and the state, locks the row,
moves the order along, logs and notifies. A refused transition is a 409 with the model's message
and changes nothing.

Both parties see a contract; anyone else gets a 404. Files are never public URLs: documents
and the confirmed PDF are downloaded through this API, which checks the party and streams from
private storage; the PDF is the one stored after confirmation, its SHA-256 in the detail and in
the `X-Content-SHA256` header. It is made in the background after 确认合同: `pdf_status` says
where it stands, the download answers 202 while it is being made and 409 if it failed, and
either party may ask to make it again (`…/pdf/regenerate/`).
"""

from django import forms
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from contracts.forms import ContractForm, DocumentUploadForm, ReturnForm
from contracts.models import Contract, ContractDocument
from contracts.models.contracts import CONTENT_FIELDS
from contracts.rendering import render_standard_contract
from contracts.views.files import contract_pdf_response, document_response
from marketplace.members.member_api import AnyMemberAPIView, EnterpriseAPIView, InstitutionAPIView
from marketplace.members.views.center.menu import INSTITUTION
from marketplace.trade.member_api import order_api_url
from marketplace.trade.models import Order
from portal.api_schema import error_response
from portal.member_api import (
    ERROR_RESPONSES,
    LIST_PARAMETERS,
    BadParameter,
    form_serializer,
    list_serializer,
    paginated,
    run_form,
)

ACTION_LABELS = {
    "edit": gettext_lazy("修改合同内容"),
    "send": gettext_lazy("发送给企业"),
    "return": gettext_lazy("退回修改"),
    "confirm": gettext_lazy("确认合同"),
    "upload": gettext_lazy("上传文件"),
    "remove_document": gettext_lazy("删除文件"),
    "submit": gettext_lazy("提交合同"),
    "regenerate_pdf": gettext_lazy("重新生成合同 PDF"),
}
# How long a client is asked to wait before asking again for a PDF being made (seconds).
PDF_RETRY_AFTER = 5


class MakeContractForm(forms.Form):
    """制作合同: which of the institution's orders (the centre posts the same `order`)."""

    order = forms.IntegerField(
        label=gettext_lazy("订单"),
        min_value=1,
        error_messages={"required": gettext_lazy("请指定要制作合同的订单（order）。")},
    )


# Serializers ------------------------------------------------------------------------------------


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def contract_api_url(contract, request, name="contract", *args):
    return _absolute(request, reverse(f"memberapi:{name}", args=[contract.pk, *args]))


class ContractActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(ACTION_LABELS.items()))
    label = serializers.CharField()


class ContractOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=Order.Status.choices)
    status_label = serializers.CharField()
    url = serializers.CharField(help_text="订单的接口地址")


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    download_url = serializers.SerializerMethodField(help_text="下载地址（本接口，需登录凭证）")

    class Meta:
        model = ContractDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "original_name",
            "note",
            "uploaded_at",
            "download_url",
        ]

    def get_download_url(self, document) -> str:
        return _absolute(
            self.context.get("request"),
            reverse(
                "memberapi:contract_document_download", args=[document.contract_id, document.pk]
            ),
        )


class PdfSerializer(serializers.Serializer):
    sha256 = serializers.CharField(help_text="合同 PDF 的 SHA-256（生成后不再改变）")
    download_url = serializers.CharField(help_text="下载地址（本接口，需登录凭证）")


class ContractItemSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    order = serializers.SerializerMethodField()
    amount_in_capitals = serializers.CharField(help_text="合同金额（大写）")
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户现在可进行的操作")
    url = serializers.SerializerMethodField(help_text="合同详情的接口地址")

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "status",
            "status_label",
            "order",
            "party_a_name",
            "party_b_name",
            "product_name",
            "amount",
            "amount_in_capitals",
            "created_at",
            "updated_at",
            "allowed_actions",
            "url",
        ]

    def get_order(self, contract) -> ContractOrderSerializer:
        order = contract.order
        return {
            "id": order.pk,
            "number": order.number,
            "status": order.status,
            "status_label": order.get_status_display(),
            "url": order_api_url(order, self.context.get("request")),
        }

    def get_allowed_actions(self, contract) -> ContractActionSerializer(many=True):  # type: ignore[valid-type]
        user = self.context["request"].user
        return [
            {"action": name, "label": str(ACTION_LABELS[name])}
            for name in contract.allowed_actions(user)
        ]

    def get_url(self, contract) -> str:
        return contract_api_url(contract, self.context.get("request"))


class ContractDetailSerializer(ContractItemSerializer):
    missing_fields = serializers.SerializerMethodField(help_text="发送给企业前还需填写的内容")
    documents = serializers.SerializerMethodField(help_text="签字盖章扫描件、补充合同、发票等")
    pdf_status = serializers.ChoiceField(
        choices=Contract.PdfState.choices,
        source="pdf_state",
        help_text=(
            "合同 PDF：none（确认后生成）、pending（生成中）、ready（已生成）、"
            "failed（生成失败，可重新生成）"
        ),
    )
    pdf_status_label = serializers.SerializerMethodField(help_text="合同 PDF 状态的中文说明")
    pdf = serializers.SerializerMethodField(
        help_text="确认后在后台生成的合同 PDF；生成之前为空（见 pdf_status）"
    )
    body_html = serializers.SerializerMethodField(help_text="标准合同全文（HTML）")

    class Meta(ContractItemSerializer.Meta):
        fields = [
            *ContractItemSerializer.Meta.fields,
            *(name for name in CONTENT_FIELDS if name not in ContractItemSerializer.Meta.fields),
            "missing_fields",
            "return_comment",
            "sent_at",
            "confirmed_at",
            "submitted_at",
            "documents",
            "pdf_status",
            "pdf_status_label",
            "pdf",
            "body_html",
        ]

    def get_missing_fields(self, contract) -> list[str]:
        return [str(label) for label in contract.missing_fields]

    def get_documents(self, contract) -> DocumentSerializer(many=True):  # type: ignore[valid-type]
        return DocumentSerializer(contract.documents.all(), many=True, context=self.context).data

    def get_pdf_status_label(self, contract) -> str:
        return str(Contract.PdfState(contract.pdf_state).label)

    def get_pdf(self, contract) -> PdfSerializer(allow_null=True):  # type: ignore[valid-type]
        if not contract.pdf:
            return None
        return {
            "sha256": contract.pdf_sha256,
            "download_url": contract_api_url(contract, self.context.get("request"), "contract_pdf"),
        }

    def get_body_html(self, contract) -> str:
        return str(render_standard_contract(contract))


# Views ------------------------------------------------------------------------------------------


class OwnContractsMixin:
    """Contracts of which the member is a party; anything else is a 404."""

    def own_contracts(self):
        return Contract.objects.with_parties().for_member(self.request.user)

    def get_contract(self, pk):
        contract = self.own_contracts().filter(pk=pk).first()
        if contract is None:
            raise Http404
        return contract

    def detail(self, contract, status_code=status.HTTP_200_OK):
        contract = self.get_contract(contract.pk)  # fresh, with its parties
        data = ContractDetailSerializer(contract, context={"request": self.request}).data
        return Response(data, status=status_code)

    def run_content_form(self, contract, **kwargs):
        # A fresh copy: the model form writes the submitted values onto its instance.
        fresh = Contract.objects.get(pk=contract.pk)
        form = run_form(ContractForm, self.request, instance=fresh, partial=True, **kwargs)
        return {name: form.cleaned_data[name] for name in form.Meta.fields}


class FileDownloadMixin:
    """Answers a file, or a JSON error: negotiation never refuses an `Accept: application/pdf`."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


STATUS_PARAMETER = OpenApiParameter(
    "status",
    str,
    enum=list(Contract.Status.values),
    description="合同状态：" + "、".join(f"{v}（{label}）" for v, label in Contract.Status.choices),
)


class ContractListView(OwnContractsMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["合同"],
        summary="我的合同（企业和服务机构），最近更新的在前",
        operation_id="me_contracts_list",
        parameters=[*LIST_PARAMETERS, STATUS_PARAMETER],
        responses={200: list_serializer(ContractItemSerializer, "ContractList"), **ERROR_RESPONSES},
    )
    def get(self, request):
        contracts = self.own_contracts()
        wanted = request.query_params.get("status", "")
        if wanted:
            if wanted not in Contract.Status.values:
                raise BadParameter(
                    _("参数 status 只能是：%(values)s。")
                    % {"values": "、".join(Contract.Status.values)}
                )
            contracts = contracts.filter(status=wanted)
        contracts = contracts.order_by("-updated_at", "-pk")
        return paginated(request, contracts, ContractItemSerializer, known={"status"})

    @extend_schema(
        tags=["合同"],
        summary="制作合同（服务机构）",
        description=(
            "为本机构的订单制作合同：订单进入“合同制作中”，合同按双方资料预填。"
            "已有合同时返回该合同（200），新制作的返回 201。"
        ),
        request=form_serializer(MakeContractForm, "ContractMake"),
        responses={201: ContractDetailSerializer, 200: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request):
        if self.member_kind != INSTITUTION:
            raise PermissionDenied(InstitutionAPIView.refusal)
        form = run_form(MakeContractForm, request)
        order = (
            Order.objects.select_related("enterprise", "institution")
            .filter(pk=form.cleaned_data["order"], institution=self.member)
            .first()
        )
        if order is None:
            raise Http404
        existed = Contract.objects.filter(order=order).exists()
        contract = Contract.make_for(order, request.user)
        return self.detail(contract, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class ContractDetailView(OwnContractsMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["合同"],
        summary="合同详情：内容、状态、金额大写、附件、合同 PDF、可进行的操作",
        responses={200: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def get(self, request, pk):
        return self.detail(self.get_contract(pk))

    @extend_schema(
        tags=["合同"],
        summary="保存合同草稿（服务机构，草稿或退回修改时）",
        description="只提交要修改的字段；甲乙双方名称不能为空。",
        request=form_serializer(ContractForm, "ContractUpdate", partial=True),
        responses={200: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request, pk):
        contract = self.get_contract(pk)
        if not contract.is_institution_user(request.user):
            raise PermissionDenied(InstitutionAPIView.refusal)
        values = self.run_content_form(contract)
        contract.save_draft(request.user, values)
        return self.detail(contract)


class SendContractView(OwnContractsMixin, InstitutionAPIView):
    @extend_schema(
        tags=["合同"],
        summary="发送给企业确认（服务机构）",
        description=(
            "可同时提交要修改的字段（同“保存合同草稿”）。发送前标准合同要求的内容须全部填写，"
            "缺少的字段在 errors 中列出。"
        ),
        request=form_serializer(ContractForm, "ContractSend", partial=True),
        responses={200: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        contract = self.get_contract(pk)
        values = self.run_content_form(contract, sending=True)
        if request.data:
            contract.save_draft(request.user, values)
        contract.send(request.user)
        return self.detail(contract)


class ReturnContractView(OwnContractsMixin, EnterpriseAPIView):
    @extend_schema(
        tags=["合同"],
        summary="退回修改（企业），须填写修改意见",
        request=form_serializer(ReturnForm, "ContractReturn"),
        responses={200: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        contract = self.get_contract(pk)
        form = run_form(ReturnForm, request)
        contract.return_for_changes(request.user, form.cleaned_data["comment"])
        return self.detail(contract)


class ConfirmContractView(OwnContractsMixin, EnterpriseAPIView):
    @extend_schema(
        tags=["合同"],
        summary="确认合同（企业）：合同 PDF 随后在后台生成",
        description=(
            "确认立即生效；合同 PDF 随后在后台生成并保存，pdf_status 从 pending（生成中）变为 "
            "ready（已生成），之后 pdf 给出下载地址和 SHA-256。"
        ),
        request=None,
        responses={200: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        contract = self.get_contract(pk)
        contract.confirm(request.user)
        return self.detail(contract)


class SubmitContractView(OwnContractsMixin, InstitutionAPIView):
    @extend_schema(
        tags=["合同"],
        summary="提交合同（服务机构，须已上传签字盖章的合同扫描件）",
        request=None,
        responses={200: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        contract = self.get_contract(pk)
        contract.submit(request.user)
        return self.detail(contract)


class DocumentUploadView(OwnContractsMixin, InstitutionAPIView):
    @extend_schema(
        tags=["合同"],
        summary="上传签字盖章扫描件、补充合同、发票等（服务机构，合同确认后）",
        description=(
            "multipart/form-data：kind、files（可多个，PDF/JPG/PNG，每个不超过 20 MB）、note。"
        ),
        request={
            "multipart/form-data": form_serializer(DocumentUploadForm, "ContractDocumentUpload")
        },
        responses={201: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        contract = self.get_contract(pk)
        form = run_form(DocumentUploadForm, request)
        for file in form.cleaned_data["files"]:
            contract.add_document(
                request.user, form.cleaned_data["kind"], file, form.cleaned_data["note"]
            )
        return self.detail(contract, status.HTTP_201_CREATED)


class DocumentDeleteView(OwnContractsMixin, InstitutionAPIView):
    @extend_schema(
        tags=["合同"],
        summary="删除已上传的文件（服务机构，提交合同前）",
        request=None,
        responses={204: None, **ERROR_RESPONSES},
    )
    def delete(self, request, pk, document_pk):
        contract = self.get_contract(pk)
        if not contract.documents.filter(pk=document_pk).exists():
            raise Http404
        contract.remove_document(request.user, document_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


FILE_ERRORS = {code: ERROR_RESPONSES[code] for code in (401, 403, 404, 429)}


class DocumentDownloadView(FileDownloadMixin, OwnContractsMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["合同"],
        summary="下载合同附件（合同双方）",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY, description="PNG"),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="JPEG"),
            **FILE_ERRORS,
        },
    )
    def get(self, request, pk, document_pk):
        contract = self.get_contract(pk)
        document = contract.documents.filter(pk=document_pk).first()
        if document is None:
            raise Http404
        document.contract = contract
        return document_response(document)


PDF_NOT_READY = {
    202: error_response("合同 PDF 生成中：message 说明，Retry-After 给出建议等待的秒数"),
    409: error_response("合同 PDF 生成失败：可调用“重新生成合同 PDF”后再下载"),
}


class ContractPdfView(FileDownloadMixin, OwnContractsMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["合同"],
        summary="下载合同 PDF（合同双方，确认后）",
        description=(
            "确认后在后台生成并保存的文件，生成后不再改变；响应头 X-Content-SHA256 为其 SHA-256。"
            "确认前为 404；生成中为 202（稍后再试），生成失败为 409。"
        ),
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="合同 PDF"),
            **PDF_NOT_READY,
            **FILE_ERRORS,
        },
    )
    def get(self, request, pk):
        contract = self.get_contract(pk)
        state = contract.pdf_state
        if state == Contract.PdfState.PENDING:
            response = Response(
                {"message": _("合同 PDF 生成中，请稍后再下载。")}, status=status.HTTP_202_ACCEPTED
            )
            response["Retry-After"] = str(PDF_RETRY_AFTER)
            return response
        if state == Contract.PdfState.FAILED:
            return Response(
                {
                    "message": _(
                        "合同 PDF 暂未生成成功，请先重新生成合同 PDF（POST %(url)s），稍后再下载。"
                    )
                    % {"url": reverse("memberapi:contract_pdf_regenerate", args=[contract.pk])}
                },
                status=status.HTTP_409_CONFLICT,
            )
        return contract_pdf_response(contract)


class RegeneratePdfView(OwnContractsMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["合同"],
        summary="重新生成合同 PDF（合同双方，生成失败时）",
        description=(
            "合同 PDF 生成失败（或长时间未生成）时重新在后台生成；答复 202 与合同详情，"
            "pdf_status 为 pending。已生成的合同 PDF 不会重新生成（409）。"
        ),
        request=None,
        responses={202: ContractDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        contract = self.get_contract(pk)
        contract.regenerate_pdf(request.user)
        return self.detail(contract, status.HTTP_202_ACCEPTED)


urlpatterns = [
    path("contracts/", ContractListView.as_view(), name="contracts"),
    path("contracts/<int:pk>/", ContractDetailView.as_view(), name="contract"),
    path("contracts/<int:pk>/send/", SendContractView.as_view(), name="contract_send"),
    path("contracts/<int:pk>/return/", ReturnContractView.as_view(), name="contract_return"),
    path("contracts/<int:pk>/confirm/", ConfirmContractView.as_view(), name="contract_confirm"),
    path("contracts/<int:pk>/submit/", SubmitContractView.as_view(), name="contract_submit"),
    path(
        "contracts/<int:pk>/documents/",
        DocumentUploadView.as_view(),
        name="contract_documents",
    ),
    path(
        "contracts/<int:pk>/documents/<int:document_pk>/",
        DocumentDeleteView.as_view(),
        name="contract_document",
    ),
    path(
        "contracts/<int:pk>/documents/<int:document_pk>/download/",
        DocumentDownloadView.as_view(),
        name="contract_document_download",
    ),
    path("contracts/<int:pk>/pdf/", ContractPdfView.as_view(), name="contract_pdf"),
    path(
        "contracts/<int:pk>/pdf/regenerate/",
        RegeneratePdfView.as_view(),
        name="contract_pdf_regenerate",
    ),
]
