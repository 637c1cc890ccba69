"""企业产品 on the public portal: the listing with the category tree, and one product's page.

Both read only public products (published, by an active account) and only pre-generated
renditions: images are prefetched with the whole `PRODUCT_RENDITION_SPECS` set, and templates
show `{% picture %}` only for images whose set is ready, so no request ever renders an image.
"""

from django import forms
from django.db.models import Prefetch
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from marketplace.catalogue.images import product_image_prefetch
from marketplace.catalogue.models import EnterpriseProduct, EnterpriseProductImage, ProductCategory
from marketplace.members.views.directories import _region_prefix

PRODUCT_PAGE_SIZE = 20
SORTS = {"newest": ("-published_at", "-pk"), "name": ("name", "pk")}


class ProductFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("产品类目"), required=False, queryset=None, empty_label=_("全部类目")
    )
    region = forms.CharField(label=_("企业所在地区代码"), required=False, max_length=6)
    price = forms.ChoiceField(
        label=_("价格"),
        required=False,
        choices=[("", _("不限")), ("priced", _("明码标价")), ("negotiable", _("面议"))],
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("newest", _("最新发布")), ("name", _("按名称"))],
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProductCategory.objects.order_by("path")
        # The tree was read once already; reuse it for the choices instead of a second query.
        self.fields["category"].choices = [
            ("", _("全部类目")),
            *((category.pk, category.indented_name) for category in categories),
        ]


def main_images_prefetch():
    """Main images with their renditions: three queries however many products are listed."""
    return Prefetch(
        "images",
        queryset=EnterpriseProductImage.objects.order_by("sort_order", "pk").prefetch_related(
            product_image_prefetch()
        ),
    )


def public_products():
    return (
        EnterpriseProduct.objects.public()
        .select_related("enterprise", "category")
        .prefetch_related(main_images_prefetch())
    )


class ProductListView(ListView):
    template_name = "marketplace/products/product_list.html"
    context_object_name = "products"
    paginate_by = PRODUCT_PAGE_SIZE

    def get_queryset(self):
        self.categories = list(ProductCategory.objects.order_by("path"))
        self.filter_form = ProductFilterForm(self.request.GET or None, categories=self.categories)
        self.current_category = None
        products = public_products()
        sort = "newest"
        # Invalid filter values are ignored, never an error page.
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["category"]:
                self.current_category = next(
                    (c for c in self.categories if c.pk == data["category"].pk), None
                )
                products = products.in_category(data["category"])
            if data["region"]:
                products = products.filter(
                    enterprise__region_code__startswith=_region_prefix(data["region"])
                )
            if data["price"] == "negotiable":
                products = products.filter(price__isnull=True)
            elif data["price"] == "priced":
                products = products.filter(price__isnull=False)
            sort = data["sort"] or sort
        return products.order_by(*SORTS[sort])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            categories=self.categories,
            current_category=self.current_category,
            **kwargs,
        )


class ProductDetailView(DetailView):
    template_name = "marketplace/products/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return public_products()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        ancestors = list(
            ProductCategory.objects.filter(
                path__in=[
                    product.category.path[:end]
                    for end in range(
                        ProductCategory.steplen,
                        len(product.category.path) + 1,
                        ProductCategory.steplen,
                    )
                ]
            ).order_by("path")
        )
        try:
            report_url = product.get_report_url()
        except NoReverseMatch:  # the reports feature is not wired in this build
            report_url = ""
        context.update(category_trail=ancestors, report_url=report_url)
        return context
