"""发布需求 in the enterprise's member centre (R2.6): fill in → preview → 确认发布 → live at once.

Only an enterprise whose profile is complete may publish. The owner may revise (修改需求) or
close an open demand, by the same model rules as the member API; a demand taken down by the
operators shows the reason here.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from marketplace.catalogue.models import Demand, ServiceCategory
from marketplace.catalogue.views.center.service_products import CategoryChoiceField
from marketplace.members.views.center.base import EnterpriseCentreMixin
from portal.exceptions import ActionRefused
from portal.text_limits import LengthLimitsMixin


class DemandForm(LengthLimitsMixin, forms.ModelForm):
    category = CategoryChoiceField(
        label=_("需求类目"), queryset=ServiceCategory.objects.active(), empty_label=_("请选择类目")
    )

    class Meta:
        model = Demand
        fields = [
            "title",
            "category",
            "description",
            "budget",
            "region_name",
            "deadline",
            "contact_name",
            "contact_phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("截止日期不能早于今天。"))
        return deadline


class DemandListView(EnterpriseCentreMixin, ListView):
    template_name = "marketplace/center/demand_list.html"
    context_object_name = "demands"
    center_section = "demands"
    paginate_by = 20

    def get_queryset(self):
        return Demand.objects.filter(enterprise=self.member).select_related("category")


class DemandCreateView(EnterpriseCentreMixin, TemplateView):
    """The form; "预览" shows the demand as it will appear; "确认发布" publishes it."""

    template_name = "marketplace/center/demand_form.html"
    center_section = "demands"

    def get(self, request, *args, **kwargs):
        if not self.member.is_complete:
            return self.render_refusal()
        initial = {
            "contact_name": self.member.contact_name,
            "contact_phone": self.member.contact_phone,
            "region_name": self.member.region_name,
        }
        return self.render_to_response(self.get_context_data(form=DemandForm(initial=initial)))

    def render_refusal(self):
        context = super().get_context_data(refused=True)
        return self.response_class(
            request=self.request, template=self.template_name, context=context, status=403
        )

    def post(self, request, *args, **kwargs):
        if not self.member.is_complete:
            return self.render_refusal()
        form = DemandForm(request.POST, instance=Demand(enterprise=self.member))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if "confirm" not in request.POST:
            return self.render_to_response(self.get_context_data(form=form, preview=form.instance))
        demand = form.save(commit=False)
        demand.publish()
        messages.success(request, _("需求已发布，已在平台需求栏目展示。"))
        return redirect(demand.get_absolute_url())


class DemandUpdateView(EnterpriseCentreMixin, TemplateView):
    """修改需求: the same form and preview as 发布需求; "确认修改" saves through `Demand.revise`."""

    template_name = "marketplace/center/demand_form.html"
    center_section = "demands"

    def get_demand(self):
        demand = Demand.objects.filter(pk=self.kwargs["pk"], enterprise=self.member).first()
        if demand is None:
            raise Http404
        return demand

    def get_context_data(self, **kwargs):
        return super().get_context_data(editing=True, **kwargs)

    def refuse_unless_open(self, demand):
        if demand.status == Demand.Status.OPEN:
            return None
        messages.error(
            self.request,
            _("该需求当前为“%(status)s”，只有征集中的需求可以修改。")
            % {"status": demand.get_status_display()},
        )
        return redirect("catalogue:center_demands")

    def get(self, request, *args, **kwargs):
        demand = self.get_demand()
        refusal = self.refuse_unless_open(demand)
        if refusal:
            return refusal
        form = DemandForm(instance=demand)
        return self.render_to_response(self.get_context_data(form=form, demand=demand))

    def post(self, request, *args, **kwargs):
        demand = self.get_demand()
        refusal = self.refuse_unless_open(demand)
        if refusal:
            return refusal
        form = DemandForm(request.POST, instance=demand)
        if not form.is_valid():
            context = self.get_context_data(form=form, demand=demand)
            return self.render_to_response(context, status=400)
        if "confirm" not in request.POST:
            context = self.get_context_data(form=form, demand=demand, preview=form.instance)
            return self.render_to_response(context)
        values = {name: form.cleaned_data[name] for name in DemandForm.Meta.fields}
        try:
            demand = Demand.objects.get(pk=demand.pk).revise(values)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("catalogue:center_demands")
        messages.success(request, _("需求已修改，平台需求栏目显示的是修改后的内容。"))
        return redirect(demand.get_absolute_url())


class DemandCloseView(EnterpriseCentreMixin, View):
    """关闭需求 (POST only): the owner's open demand leaves the portal."""

    http_method_names = ["post"]

    def post(self, request, pk):
        demand = Demand.objects.filter(pk=pk, enterprise=self.member).first()
        if demand is None:
            raise Http404
        try:
            demand.close()
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("需求已关闭。"))
        return redirect("catalogue:center_demands")
