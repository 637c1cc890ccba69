"""服务评价 (R3.8): the enterprise rates a completed order ("提交"); the institution replies."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from marketplace.members.views.center.base import EnterpriseCentreMixin, InstitutionCentreMixin
from marketplace.trade.models import Evaluation, Order, TransitionNotAllowed
from marketplace.trade.models.evaluations import (
    COMMENT_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    SCORE_MEANINGS,
    score_label,
)
from portal.text_limits import LengthLimitsMixin

# One star to five, each labelled with its meaning (「1 星：很不满意」 … 「5 星：很满意」): the
# template draws them as stars (templates/marketplace/center/includes/star_rating.html).
STAR_CHOICES = [(score, lazy(score_label, str)(score)) for score in sorted(SCORE_MEANINGS)]


def _score_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "star-rating__input"}),
        error_messages={
            "required": format_lazy(_("请为“{label}”打分（1 到 5 分）。"), label=label),
            "invalid_choice": format_lazy(_("“{label}”的分数须为 1 到 5 分。"), label=label),
        },
    )


class EvaluationForm(LengthLimitsMixin, forms.Form):
    score = _score_field(_("总体评分"))
    quality_score = _score_field(_("服务质量"))
    speed_score = _score_field(_("响应速度"))
    expertise_score = _score_field(_("专业水平"))
    comment = forms.CharField(
        label=_("评价内容"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写评价内容。")},
    )

    def criteria(self):
        """The four score fields, drawn as star groups; the comment is rendered after them."""
        return [self[name] for name in Evaluation.CRITERIA]


class ReplyForm(LengthLimitsMixin, forms.Form):
    reply = forms.CharField(
        label=_("回复"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写回复内容。")},
    )


class EvaluationCreateView(EnterpriseCentreMixin, TemplateView):
    template_name = "marketplace/center/evaluation_form.html"
    center_section = "orders"

    def get_order(self):
        order = (
            Order.objects.filter(pk=self.kwargs["pk"], enterprise=self.member)
            .select_related("institution", "enterprise")
            .first()
        )
        if order is None:
            raise Http404
        return order

    def refuse(self, order):
        messages.error(self.request, _("服务完成后才能评价，且每个订单只能评价一次。"))
        return redirect(order.get_enterprise_url())

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        if order.status != Order.Status.COMPLETED:
            return self.refuse(order)
        return self.render_to_response(self.get_context_data(order=order, form=EvaluationForm()))

    def post(self, request, *args, **kwargs):
        order = self.get_order()
        form = EvaluationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(order=order, form=form), status=400
            )
        try:
            Evaluation.submit(request.user, order, **form.cleaned_data)
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("评价已提交，感谢您的反馈。"))
        return redirect(order.get_enterprise_url())


class EvaluationReplyView(InstitutionCentreMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        order = Order.objects.filter(pk=pk, institution=self.member).first()
        if order is None:
            raise Http404
        evaluation = Evaluation.objects.filter(order=order).first()
        if evaluation is None:
            raise Http404
        form = ReplyForm(request.POST)
        try:
            if not form.is_valid():
                raise TransitionNotAllowed(
                    " ".join(e for errs in form.errors.values() for e in errs)
                )
            evaluation.add_reply(request.user, form.cleaned_data["reply"])
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("回复已发布。"))
        return redirect(order.get_institution_url())
