"""The member API of orders (/api/v2/me/orders/): 购买服务, 我的订单 / 企业订单, their actions.

The same rules as the member centre, not a copy: buying validates with the 购买服务 page's
`OrderForm` (plus which product) and calls `Order.place`; the actions call the order's
transitions (`start_contract`, `cancel`, `mark_completed`) and `Evaluation.submit` with the
centre's forms (`CancelForm`, `EvaluationForm`). A refused transition is a 409 with the model's
Chinese message, and changes nothing.

An enterprise sees its own orders (我的订单), an institution the orders of its products
(企业订单, R3.2); anyone else's order is a 404, as if it did not exist.

Buying is idempotent like the page: the page's form carries a one-time key; an app sends one
per purchase in the `Idempotency-Key` header (or the `idempotency_key` field). A repeated
request with the same key answers the first order (200) instead of making a second (201).
"""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import RegexValidator
from django.http import Http404
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from marketplace.catalogue.models import ServiceProduct
from marketplace.members.member_api import AnyMemberAPIView, EnterpriseAPIView, InstitutionAPIView
from marketplace.members.views.center.menu import ENTERPRISE
from marketplace.trade.models import Evaluation, Order
from marketplace.trade.models.orders import ACTION_LABELS, LOG_ACTIONS
from marketplace.trade.views.center.evaluations import EvaluationForm
from marketplace.trade.views.center.orders import (
    CancelForm,
    OrderFilterForm,
    enterprise_order_search,
    filter_orders,
    institution_order_search,
)
from marketplace.trade.views.orders import OrderForm
from portal.member_api import (
    ERROR_RESPONSES,
    LIST_PARAMETERS,
    FormRejected,
    form_data,
    form_serializer,
    list_serializer,
    paginated,
    run_form,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"
# What a member may do with an order, named as in `Order.allowed_actions`; "evaluate" is the
# evaluation (评价) that `Evaluation.submit` records.
ACTION_CHOICES = [*ACTION_LABELS.items(), ("evaluate", gettext_lazy("评价"))]


class OrderPurchaseForm(OrderForm):
    """购买服务 through the API: the page's form, plus the product the page has in its URL."""

    service_product = forms.ModelChoiceField(
        label=gettext_lazy("服务产品"),
        queryset=ServiceProduct.objects.all(),
        error_messages={
            "required": gettext_lazy("请选择要购买的服务产品。"),
            "invalid_choice": gettext_lazy("服务产品不存在。"),
        },
    )
    field_order = ["service_product", "quantity_or_scope", "expected_time", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = self.fields["idempotency_key"]
        key.label = gettext_lazy("提交标识")
        key.help_text = gettext_lazy(
            "每次购买一个新的唯一标识（8–64 位字母、数字或连字符）；也可放在 Idempotency-Key 头中。"
            "同一标识重复提交只会生成一个订单。"
        )
        message = gettext_lazy(
            "请在 Idempotency-Key 头（或 idempotency_key 字段）中提供本次购买的唯一标识："
            "8–64 位字母、数字或连字符。"
        )
        key.error_messages = {**key.error_messages, "required": message}
        # The same pattern as the page's, with a message an app's developer can act on (a new
        # validator: the page's form shares its instance).
        key.validators = [
            RegexValidator(validator.regex, message=message)
            if isinstance(validator, RegexValidator)
            else validator
            for validator in key.validators
        ]


# The schema of a purchase: the key may come in the header instead of the body. (No docstring:
# drf-spectacular would show it to the app's developers.)
class OrderPurchaseRequest(form_serializer(OrderPurchaseForm, "OrderPurchaseFields")):
    idempotency_key = serializers.CharField(
        required=False,
        min_length=8,
        max_length=64,
        help_text=(
            "本次购买的唯一标识（8–64 位字母、数字或连字符）；未提供 Idempotency-Key 头时必填"
        ),
    )


# Serializers ------------------------------------------------------------------------------------


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OrderEnterpriseSerializer(PartySerializer):
    contact_name = serializers.CharField(help_text="联系人（仅服务机构可见）", required=False)
    contact_phone = serializers.CharField(help_text="联系电话（仅服务机构可见）", required=False)


class OrderProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="下单时的产品名称")
    url = serializers.CharField(help_text="产品的公开接口地址（下架后不再可见）")


class ActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ACTION_CHOICES)
    label = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    action = serializers.CharField(help_text="例如 marketplace.order.placed")
    action_label = serializers.CharField()
    timestamp = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True, help_text="操作人")
    party = serializers.ChoiceField(
        choices=Order.Party.choices, allow_null=True, help_text="操作方；平台操作时为空"
    )
    party_label = serializers.CharField(allow_null=True)
    reason = serializers.CharField(required=False, help_text="取消原因（取消订单时）")


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = [
            "id",
            "score",
            "quality_score",
            "speed_score",
            "expertise_score",
            "comment",
            "reply",
            "replied_at",
            "is_hidden",
            "hidden_reason",
            "created_at",
        ]


class ContractLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    url = serializers.CharField(help_text="合同的接口地址")


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def order_api_url(order, request=None):
    return _absolute(request, reverse("memberapi:order", args=[order.pk]))


def allowed_actions(order, user):
    return [{"action": name, "label": _action_label(name)} for name in order.allowed_actions(user)]


def _action_label(name):
    return str(dict(ACTION_CHOICES).get(name, name))


class OrderItemSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    enterprise = PartySerializer()
    institution = PartySerializer()
    service_product = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户现在可进行的操作")
    url = serializers.SerializerMethodField(help_text="订单详情的接口地址")

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "status",
            "status_label",
            "enterprise",
            "institution",
            "service_product",
            "product_name",
            "price_text",
            "quantity_or_scope",
            "expected_time",
            "created_at",
            "updated_at",
            "allowed_actions",
            "url",
        ]

    def get_service_product(self, order) -> OrderProductSerializer:
        url = reverse("wagtailapi:service-products:detail", args=[order.service_product_id])
        return {
            "id": order.service_product_id,
            "name": order.product_name,
            "url": _absolute(self.context.get("request"), url),
        }

    def get_allowed_actions(self, order) -> ActionSerializer(many=True):  # type: ignore[valid-type]
        return allowed_actions(order, self.context["request"].user)

    def get_url(self, order) -> str:
        return order_api_url(order, self.context.get("request"))


class OrderDetailSerializer(OrderItemSerializer):
    enterprise = serializers.SerializerMethodField()
    cancelled_by_label = serializers.CharField(source="get_cancelled_by_display")
    history = serializers.SerializerMethodField(help_text="订单记录，最早的在前")
    contract = serializers.SerializerMethodField(help_text="订单的合同；尚未制作时为空")
    evaluation = serializers.SerializerMethodField(help_text="企业的评价；尚未评价时为空")

    class Meta(OrderItemSerializer.Meta):
        fields = [
            *OrderItemSerializer.Meta.fields,
            "note",
            "completed_at",
            "cancelled_at",
            "cancel_reason",
            "cancelled_by",
            "cancelled_by_label",
            "history",
            "contract",
            "evaluation",
        ]

    def get_enterprise(self, order) -> OrderEnterpriseSerializer:
        enterprise = order.enterprise
        data = {"id": enterprise.pk, "name": enterprise.name}
        # The seller sees the buyer's contact, as on the centre's order page.
        if order.party_of(self.context["request"].user) == Order.Party.INSTITUTION:
            data.update(
                contact_name=enterprise.contact_name, contact_phone=enterprise.contact_phone
            )
        return data

    def get_history(self, order) -> HistoryEntrySerializer(many=True):  # type: ignore[valid-type]
        parties = {
            order.enterprise.user_id: Order.Party.ENTERPRISE,
            order.institution.user_id: Order.Party.INSTITUTION,
        }
        entries = []
        for entry in order.history():
            party = parties.get(entry.user_id)
            item = {
                "action": entry.action,
                "action_label": str(LOG_ACTIONS.get(entry.action, entry.action)),
                "timestamp": entry.timestamp,
                "user": entry.user.get_full_name() if entry.user else None,
                "party": party,
                "party_label": str(Order.Party(party).label) if party else None,
            }
            if (entry.data or {}).get("reason"):
                item["reason"] = entry.data["reason"]
            entries.append(item)
        return HistoryEntrySerializer(entries, many=True).data

    def get_contract(self, order) -> ContractLinkSerializer(allow_null=True):  # type: ignore[valid-type]
        # The contract is an upper layer's (contracts): reached by its relation, not imported.
        try:
            contract = order.contract
        except (AttributeError, ObjectDoesNotExist):
            return None
        try:
            url = _absolute(
                self.context.get("request"), reverse("memberapi:contract", args=[contract.pk])
            )
        except NoReverseMatch:
            url = ""
        return {
            "id": contract.pk,
            "number": contract.number,
            "status": contract.status,
            "status_label": contract.get_status_display(),
            "url": url,
        }

    def get_evaluation(self, order) -> EvaluationSerializer(allow_null=True):  # type: ignore[valid-type]
        evaluation = Evaluation.objects.filter(order=order).first()
        return EvaluationSerializer(evaluation).data if evaluation is not None else None


# Views ------------------------------------------------------------------------------------------


class OwnOrdersMixin:
    """我的订单 for an enterprise, 企业订单 for an institution; anything else is a 404."""

    def own_orders(self):
        if self.member_kind == ENTERPRISE:
            return Order.objects.filter(enterprise=self.member)
        return Order.objects.filter(institution=self.member)

    def get_order(self, pk):
        order = (
            self.own_orders()
            .select_related("enterprise", "institution__platform", "service_product")
            .filter(pk=pk)
            .first()
        )
        if order is None:
            raise Http404
        return order

    def detail(self, order, status_code=status.HTTP_200_OK):
        order = self.get_order(order.pk)  # fresh, with its relations
        data = OrderDetailSerializer(order, context={"request": self.request}).data
        return Response(data, status=status_code)


ORDER_FILTER_PARAMETERS = [
    OpenApiParameter(
        "status",
        str,
        enum=list(Order.Status.values),
        description="订单状态："
        + "、".join(f"{v}（{label}）" for v, label in Order.Status.choices),
    ),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="下单日期从（YYYY-MM-DD）"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="下单日期至（YYYY-MM-DD）"),
    OpenApiParameter(
        "q", str, description="搜索：企业按订单号或产品名称，服务机构按订单号或企业名称（≤50 字）"
    ),
]


class OrderListView(OwnOrdersMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["订单"],
        summary="我的订单（企业）或企业订单（服务机构），最新在前",
        operation_id="me_orders_list",
        parameters=[*LIST_PARAMETERS, *ORDER_FILTER_PARAMETERS],
        responses={200: list_serializer(OrderItemSerializer, "OrderList"), **ERROR_RESPONSES},
    )
    def get(self, request):
        params = {
            name: request.query_params.get(name, "")
            for name in OrderFilterForm.base_fields
            if name in request.query_params
        }
        filter_form = OrderFilterForm(params)
        if not filter_form.is_valid():
            raise FormRejected(filter_form)
        search = enterprise_order_search
        if self.member_kind != ENTERPRISE:
            search = institution_order_search
        orders = filter_orders(
            self.own_orders().select_related("enterprise", "institution"),
            filter_form.cleaned_data,
            search,
        ).order_by("-created_at", "-pk")
        return paginated(
            request, orders, OrderItemSerializer, known=set(OrderFilterForm.base_fields)
        )

    @extend_schema(
        tags=["订单"],
        summary="购买服务（企业）",
        description=(
            "与网页“购买服务”相同的表单和规则。每次购买请生成一个新的唯一标识，放在 "
            "Idempotency-Key 头（或 idempotency_key 字段）中：重复提交同一标识（网络重试、双击）"
            "不会生成第二个订单，而是返回第一次的订单（200）。新订单返回 201。"
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                location=OpenApiParameter.HEADER,
                description="本次购买的唯一标识（8–64 位字母、数字或连字符）",
            )
        ],
        request=OrderPurchaseRequest,
        responses={201: OrderDetailSerializer, 200: OrderDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request):
        if self.member_kind != ENTERPRISE:
            raise PermissionDenied(_("只有企业用户可以购买服务。"))
        data = form_data(request, OrderPurchaseForm)
        header_key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if header_key and not data.get("idempotency_key"):
            data["idempotency_key"] = header_key
        form = OrderPurchaseForm(data=data)
        if not form.is_valid():
            raise FormRejected(form)
        values = dict(form.cleaned_data)
        product = values.pop("service_product")
        repeated = Order.objects.filter(
            enterprise=self.member, idempotency_key=values["idempotency_key"]
        ).exists()
        order = Order.place(request.user, product, **values)
        return self.detail(order, status.HTTP_200_OK if repeated else status.HTTP_201_CREATED)


class OrderDetailView(OwnOrdersMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["订单"],
        summary="订单详情：状态、双方、产品、可进行的操作、订单记录、合同和评价",
        responses={200: OrderDetailSerializer, **ERROR_RESPONSES},
    )
    def get(self, request, pk):
        return self.detail(self.get_order(pk))


class StartContractView(OwnOrdersMixin, InstitutionAPIView):
    @extend_schema(
        tags=["订单"],
        summary="开始制作合同（服务机构）：订单进入“合同制作中”",
        description=(
            "之后用 POST /api/v2/me/contracts/ 制作合同；也可直接制作合同，订单随之进入此状态。"
        ),
        request=None,
        responses={200: OrderDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        order = self.get_order(pk)
        order.start_contract(request.user)
        return self.detail(order)


class CancelOrderView(OwnOrdersMixin, AnyMemberAPIView):
    @extend_schema(
        tags=["订单"],
        summary="取消订单（买卖双方，合同确认前），须填写原因",
        request=form_serializer(CancelForm, "OrderCancel"),
        responses={200: OrderDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        order = self.get_order(pk)
        form = run_form(CancelForm, request)
        order.cancel(request.user, form.cleaned_data["reason"])
        return self.detail(order)


class CompleteOrderView(OwnOrdersMixin, EnterpriseAPIView):
    @extend_schema(
        tags=["订单"],
        summary="确认服务完成（企业，合同提交后）",
        request=None,
        responses={200: OrderDetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        order = self.get_order(pk)
        order.mark_completed(request.user)
        return self.detail(order)


class EvaluationView(OwnOrdersMixin, EnterpriseAPIView):
    @extend_schema(
        tags=["订单"],
        summary="评价服务（企业，服务完成后，每个订单一次）",
        description="四项评分均为 1–5 分，评价内容必填。",
        request=form_serializer(EvaluationForm, "OrderEvaluation"),
        responses={201: EvaluationSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, pk):
        order = self.get_order(pk)
        form = run_form(EvaluationForm, request)
        evaluation = Evaluation.submit(request.user, order, **form.cleaned_data)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("orders/", OrderListView.as_view(), name="orders"),
    path("orders/<int:pk>/", OrderDetailView.as_view(), name="order"),
    path(
        "orders/<int:pk>/start-contract/",
        StartContractView.as_view(),
        name="order_start_contract",
    ),
    path("orders/<int:pk>/cancel/", CancelOrderView.as_view(), name="order_cancel"),
    path("orders/<int:pk>/complete/", CompleteOrderView.as_view(), name="order_complete"),
    path("orders/<int:pk>/evaluation/", EvaluationView.as_view(), name="order_evaluation"),
]
