"""订单管理 in the member centre: 我的订单 (enterprise) and 企业订单 (institution, R3.2).

Each member sees only its own orders (anyone else's is 404); the other kind of member gets 403
(`MemberCentreMixin`). Actions are POST-only and call the order's transition methods; a refused
transition becomes a message and changes nothing.
"""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from marketplace.members.views.center.base import EnterpriseCentreMixin, InstitutionCentreMixin
from marketplace.trade.models import Evaluation, Order, TransitionNotAllowed
from marketplace.trade.models.orders import CANCEL_REASON_MAX_LENGTH
from portal.text_limits import LengthLimitsMixin

PAGE_SIZE = 20


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("订单状态"), required=False, choices=[("", _("全部状态")), *Order.Status.choices]
    )
    date_from = forms.DateField(
        label=_("下单日期从"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)

    def __init__(self, *args, search_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if search_label:
            self.fields["q"].widget.attrs["placeholder"] = search_label


def filter_orders(orders, data, search_filter):
    """`orders` narrowed by a valid `OrderFilterForm`'s data (the centre lists and the API)."""
    if data.get("status"):
        orders = orders.filter(status=data["status"])
    if data.get("date_from"):
        orders = orders.filter(created_at__date__gte=data["date_from"])
    if data.get("date_to"):
        orders = orders.filter(created_at__date__lte=data["date_to"])
    if q := (data.get("q") or "").strip():
        orders = orders.filter(search_filter(q))
    return orders


def enterprise_order_search(q):
    """我的订单 searches the order number and the product."""
    return Q(number__icontains=q) | Q(product_name__icontains=q)


def institution_order_search(q):
    """企业订单 searches the order number and the buying enterprise."""
    return Q(number__icontains=q) | Q(enterprise__name__icontains=q)


class CancelForm(LengthLimitsMixin, forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=CANCEL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写取消原因。")},
    )


class OrderListMixin:
    template_name = "marketplace/center/order_list.html"
    context_object_name = "orders"
    paginate_by = PAGE_SIZE
    center_section = "orders"
    search_label = _("订单号")

    def own_orders(self):
        raise NotImplementedError

    def search_filter(self, q):
        return Q(number__icontains=q)

    def get_queryset(self):
        orders = self.own_orders().select_related("enterprise", "institution", "service_product")
        self.filter_form = OrderFilterForm(self.request.GET or None, search_label=self.search_label)
        # Invalid filter values are ignored, never an error page.
        if self.filter_form.is_valid():
            orders = filter_orders(orders, self.filter_form.cleaned_data, self.search_filter)
        return orders.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class EnterpriseOrderListView(EnterpriseCentreMixin, OrderListMixin, ListView):
    """我的订单."""

    def own_orders(self):
        return Order.objects.filter(enterprise=self.member)

    def search_filter(self, q):
        return enterprise_order_search(q)


class InstitutionOrderListView(InstitutionCentreMixin, OrderListMixin, ListView):
    """订单管理 → 企业订单 (R3.2)."""

    search_label = _("订单号或企业名称")

    def own_orders(self):
        return Order.objects.filter(institution=self.member)

    def search_filter(self, q):
        return institution_order_search(q)


class OrderDetailMixin:
    template_name = "marketplace/center/order_detail.html"
    context_object_name = "order"
    center_section = "orders"

    def get_queryset(self):
        return self.own_orders().select_related(
            "enterprise", "institution__platform", "service_product"
        )

    def get_context_data(self, **kwargs):
        order = self.object
        evaluation = Evaluation.objects.filter(order=order).first()
        return super().get_context_data(
            history=list(order.history()),
            actions=order.allowed_actions(self.request.user),
            cancel_form=CancelForm(),
            evaluation=evaluation,
            **kwargs,
        )


class EnterpriseOrderDetailView(EnterpriseCentreMixin, OrderDetailMixin, DetailView):
    def own_orders(self):
        return Order.objects.filter(enterprise=self.member)


class InstitutionOrderDetailView(InstitutionCentreMixin, OrderDetailMixin, DetailView):
    def own_orders(self):
        return Order.objects.filter(institution=self.member)


class OrderActionMixin(View):
    """POST one transition on the member's own order, then back to its detail page."""

    http_method_names = ["post"]
    action = ""

    def get_order(self, pk):
        order = self.own_orders().filter(pk=pk).first()
        if order is None:
            raise Http404
        return order

    def post(self, request, pk):
        order = self.get_order(pk)
        try:
            message = self.perform(order)
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return redirect(self.detail_url(order))

    def perform(self, order):
        if self.action == "cancel":
            form = CancelForm(self.request.POST)
            if not form.is_valid():
                raise TransitionNotAllowed(
                    " ".join(e for errs in form.errors.values() for e in errs)
                )
            order.cancel(self.request.user, form.cleaned_data["reason"])
            return _("订单已取消。")
        if self.action == "mark_completed":
            order.mark_completed(self.request.user)
            return _("已确认服务完成，欢迎对本次服务进行评价。")
        if self.action == "start_contract":
            order.start_contract(self.request.user)
            return _("订单已进入合同制作阶段。")
        raise Http404


class EnterpriseOrderActionView(EnterpriseCentreMixin, OrderActionMixin):
    def own_orders(self):
        return Order.objects.filter(enterprise=self.member)

    def detail_url(self, order):
        return order.get_enterprise_url()


class InstitutionOrderActionView(InstitutionCentreMixin, OrderActionMixin):
    def own_orders(self):
        return Order.objects.filter(institution=self.member)

    def detail_url(self, order):
        return order.get_institution_url()
