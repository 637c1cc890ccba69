"""需求 on the public portal (R1.8, R2.6): open, unexpired demands; contacts for members only."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from marketplace.catalogue.models import Demand
from marketplace.catalogue.models.categories import category_tree
from marketplace.catalogue.views.services import CategoryField

PAGE_SIZE = 20


class DemandFilterForm(forms.Form):
    SORTS = {"latest": ("-created_at", "-pk"), "deadline": ("deadline", "-pk")}

    category = CategoryField(label=_("需求类目"), required=False, empty_label=_("全部类目"))
    region = forms.CharField(label=_("所在地区"), required=False, max_length=20)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("latest", _("最新发布")), ("deadline", _("即将截止"))],
    )


class DemandListView(ListView):
    template_name = "marketplace/demands/demand_list.html"
    context_object_name = "demands"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = DemandFilterForm(self.request.GET or None)
        self.selected_category = None
        demands = Demand.objects.public().select_related("enterprise", "category")
        ordering = DemandFilterForm.SORTS["latest"]
        # Invalid filter values are ignored, never an error page.
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if category := data["category"]:
                self.selected_category = category
                demands = demands.filter(category.descendants_filter("category__"))
            if data["region"]:
                demands = demands.filter(region_name__contains=data["region"].strip())
            ordering = DemandFilterForm.SORTS.get(data["sort"] or "latest")
        return demands.order_by(*ordering)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            category_tree=category_tree(),
            selected_category=self.selected_category,
            **kwargs,
        )


class DemandDetailView(DetailView):
    template_name = "marketplace/demands/demand_detail.html"
    context_object_name = "demand"

    def get_queryset(self):
        return Demand.objects.public().select_related("enterprise", "category")
