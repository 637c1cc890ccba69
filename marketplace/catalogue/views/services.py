"""服务产品 on the public portal (R1.7): live products of approved institutions only.

Rows are read with `live=True`: a product's pending revision is never shown. Listings run a
fixed number of queries whatever the page holds (categories, institutions and covers are
joined or prefetched). Covers are library images shown with `{% picture %}` from their
pre-generated sizes (prefetched), so a public request never renders an image.
"""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from wagtail import hooks
from wagtail.images import get_image_model

from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS, product_renditions_ready
from marketplace.catalogue.models import ServiceCategory, ServiceProduct
from marketplace.catalogue.models.categories import category_tree
from marketplace.members.models import Institution

PAGE_SIZE = 20
# `annotate(queryset) -> queryset` hooks of the apps above for a service's public page (trade:
# 服务评价, R3.8, `rating_avg` and `rating_count` in the same query).
SERVICE_DETAIL_QUERYSET_HOOK = "annotate_public_service_product"
# `contribute(request, product) -> dict of context` hooks of the apps above for the same page
# (trade: the written evaluations, 用户评价).
SERVICE_DETAIL_CONTEXT_HOOK = "public_service_product_context"


def cover_prefetch():
    images = get_image_model().objects.prefetch_renditions(*PRODUCT_RENDITION_SPECS)
    return Prefetch("cover", queryset=images)


def attach_cover_item(product):
    """`product.cover_item`: what the `{% picture %}` include reads (image, renditions_ready)."""
    cover = product.cover
    product.cover_item = (
        {"image": cover, "renditions_ready": product_renditions_ready(cover)} if cover else None
    )
    return product


class WithCoverItems:
    """The page's products, each given its `cover_item` as the template iterates them.

    Lazy, so that a cached listing fragment does not run the products' queries at all.
    """

    def __init__(self, products):
        self.products = products

    def __iter__(self):
        return (attach_cover_item(product) for product in self.products)

    def __bool__(self):
        return bool(self.products)

    def __len__(self):
        return len(self.products)


class CategoryField(forms.ModelChoiceField):
    """A category by its slug, so filter URLs read well (?category=finance)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=ServiceCategory.objects.active(), to_field_name="slug", **kwargs)

    def label_from_instance(self, obj):
        return obj.indented_name


class ServiceFilterForm(forms.Form):
    SORTS = {
        "latest": ("-first_published_at", "-pk"),
        "price": ("price_mode", "price", "price_min", "-pk"),
        "name": ("name", "pk"),
    }

    category = CategoryField(label=_("服务类目"), required=False, empty_label=_("全部类目"))
    kind = forms.ChoiceField(
        label=_("机构类型"),
        required=False,
        choices=[("", _("全部类型")), *Institution.Kind.choices],
    )
    price_mode = forms.ChoiceField(
        label=_("价格方式"),
        required=False,
        choices=[("", _("全部")), *ServiceProduct.PriceMode.choices],
    )
    region = forms.CharField(label=_("服务地区"), required=False, max_length=20)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("latest", _("最新上架")), ("price", _("价格")), ("name", _("名称"))],
    )


class ServiceListView(ListView):
    template_name = "marketplace/services/service_list.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = ServiceFilterForm(self.request.GET or None)
        products = ServiceProduct.objects.public().select_related(
            "institution", "institution__platform", "category"
        )
        ordering = ServiceFilterForm.SORTS["latest"]
        self.selected_category = None
        # Invalid filter values are ignored, never an error page.
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if category := data["category"]:
                self.selected_category = category
                products = products.filter(category.descendants_filter("category__"))
            if data["kind"]:
                products = products.filter(institution__kind=data["kind"])
            if data["price_mode"]:
                products = products.filter(price_mode=data["price_mode"])
            if data["region"]:
                products = products.filter(regions_served__contains=data["region"].strip())
            ordering = ServiceFilterForm.SORTS.get(data["sort"] or "latest")
        return products.prefetch_related(cover_prefetch()).order_by(*ordering)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            products=WithCoverItems(context["products"]),
            filter_form=self.filter_form,
            category_tree=category_tree(),
            selected_category=self.selected_category,
        )
        return context


class ServiceDetailView(DetailView):
    template_name = "marketplace/services/service_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        queryset = (
            ServiceProduct.objects.public()
            .select_related("institution", "institution__platform", "category")
            .prefetch_related(cover_prefetch())
        )
        for annotate in hooks.get_hooks(SERVICE_DETAIL_QUERYSET_HOOK):
            queryset = annotate(queryset)
        return queryset

    def get_object(self, queryset=None):
        return attach_cover_item(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for contribute in hooks.get_hooks(SERVICE_DETAIL_CONTEXT_HOOK):
            context.update(contribute(self.request, self.object))
        return context
