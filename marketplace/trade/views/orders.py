"""购买服务 (R3.1): a logged-in enterprise orders a live service product from its detail page.

Anonymous visitors go to the login page; institutions and staff are refused (403); a product
that is not live is 404; an enterprise whose profile is incomplete is refused with a link to it
(the contract's 甲方 comes from the profile), before any order exists. The form carries a hidden
one-time key so a double submission (double click, resend) creates one order.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from marketplace.catalogue.models import ServiceProduct
from marketplace.members.models import Enterprise
from marketplace.trade.models import Order, TransitionNotAllowed
from marketplace.trade.models.orders import (
    EXPECTED_TIME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PROFILE_INCOMPLETE_MESSAGE,
    QUANTITY_MAX_LENGTH,
    validate_expected_time,
)
from portal.text_limits import LengthLimitsMixin


class OrderForm(LengthLimitsMixin, forms.Form):
    quantity_or_scope = forms.CharField(
        label=_("购买数量/服务范围"),
        max_length=QUANTITY_MAX_LENGTH,
        help_text=_("例如：1 次；全年代理记账；3 项专利申请。"),
    )
    expected_time = forms.CharField(
        label=_("期望服务时间"),
        max_length=EXPECTED_TIME_MAX_LENGTH,
        required=False,
        validators=[validate_expected_time],
        help_text=_("可填写日期（如 2026-12-31）或说明（如 年底前）。"),
    )
    note = forms.CharField(
        label=_("备注"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    idempotency_key = forms.CharField(
        max_length=64,
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[A-Za-z0-9-]{8,64}$")],
        error_messages={"required": _("表单已失效，请重新提交。")},
    )


class OrderCreateView(LoginRequiredMixin, TemplateView):
    template_name = "marketplace/orders/order_form.html"
    login_url = reverse_lazy("accounts:login")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.product = (
            ServiceProduct.objects.public()
            .select_related("institution", "category")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.product is None:
            raise Http404
        self.enterprise = Enterprise.objects.filter(user=request.user).first()
        if self.enterprise is None or not request.user.is_active:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.product, **kwargs)

    def render_refusal(self):
        # Before any order exists: the same refusal and profile link as 发布产品 and 发布需求.
        context = self.get_context_data(refused=PROFILE_INCOMPLETE_MESSAGE)
        return self.render_to_response(context, status=403)

    def get(self, request, *args, **kwargs):
        if not self.enterprise.is_complete:
            return self.render_refusal()
        form = OrderForm(initial={"idempotency_key": uuid.uuid4().hex})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if not self.enterprise.is_complete:
            return self.render_refusal()
        form = OrderForm(request.POST)
        if not form.is_valid():
            if form.has_error("idempotency_key"):
                # A tampered or missing key: offer a fresh form rather than an error page.
                data = request.POST.copy()
                data["idempotency_key"] = uuid.uuid4().hex
                form = OrderForm(data)
                form.is_valid()
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            order = Order.place(request.user, self.product, **form.cleaned_data)
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("下单成功，订单号 %(number)s。服务机构将与您联系并制作合同。")
            % {"number": order.number},
        )
        return redirect(order.get_enterprise_url())
