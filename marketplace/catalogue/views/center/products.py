"""产品管理: an enterprise publishes, edits, withdraws and deletes its products (R2.2–R2.5).

"发布产品" first lists the category tree; choosing a category opens the product form with it;
"发布" puts the product live at once (no review) — but only for an enterprise whose profile is
complete ("未填写资料的企业不能发布产品"). Every product URL is looked up within the member's
own products, so another enterprise's product is a 404.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS, member_images
from marketplace.catalogue.models import EnterpriseProduct, EnterpriseProductImage, ProductCategory
from marketplace.catalogue.sanitize import sanitize_html
from marketplace.catalogue.views.center.images import library_entry
from marketplace.members.views.center.base import EnterpriseCentreMixin
from portal.cache import bump_content_version
from portal.exceptions import ActionRefused
from portal.image_storage import public_media_html, stored_media_html
from portal.text_limits import HTML, LengthLimitsMixin, too_long_error

MAX_MAIN_IMAGES = 10
CACHE_TAG = "marketplace"


def member_image_srcs(user):
    """Every URL of the member's own images a description may show: originals and renditions,
    a member rendition by both its private and its public address (portal/image_storage.py)."""
    srcs = set()
    for image in member_images(user).prefetch_related("renditions"):
        srcs.add(image.file.url)
        for rendition in image.renditions.all():
            srcs.add(rendition.url)
            srcs.add(public_media_html(rendition.url))
            srcs.add(stored_media_html(rendition.url))
    return srcs


class ProductForm(LengthLimitsMixin, forms.ModelForm):
    """The product's fields plus its main images, picked from the member's own library.

    Without JavaScript: tick images and give each an order number (1 = the cover); the
    `marketplace-product-form.js` enhancement numbers them in the order they are clicked.
    """

    html_length_fields = ("description",)  # HTML from the editor, counted with its tags
    max_main_images = MAX_MAIN_IMAGES

    main_images = forms.ModelMultipleChoiceField(
        label=_("产品主图"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请至少选择一张主图。"),
            "invalid_choice": _("所选图片不在您的图片库中。"),
            "invalid_pk_value": _("所选图片不在您的图片库中。"),
        },
    )

    class Meta:
        model = EnterpriseProduct
        fields = ["name", "summary", "price", "unit", "specifications", "description"]
        widgets = {
            "summary": forms.TextInput(),
            "specifications": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 14, "data-rich-text-editor": ""}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.library = member_images(user).prefetch_renditions(*PRODUCT_RENDITION_SPECS)
        self.fields["main_images"].queryset = self.library
        self.fields["description"].help_text = _(
            "可用工具栏插入细节图（“浏览服务器”选择图片库中的图片，可调整宽度、高度）。"
        )
        if self.instance.pk and not self.is_bound:
            ordered = self.instance.ordered_images
            self.initial["main_images"] = [item.image_id for item in ordered]
            self.initial_orders = {item.image_id: index + 1 for index, item in enumerate(ordered)}
        else:
            self.initial_orders = {}

    def clean_main_images(self):
        images = list(self.cleaned_data["main_images"])
        if len(images) > MAX_MAIN_IMAGES:
            raise forms.ValidationError(_("主图最多 %(count)s 张。") % {"count": MAX_MAIN_IMAGES})

        def order_of(image):
            value = self.data.get(f"main_image_order_{image.pk}", "")
            try:
                return int(value)
            except (TypeError, ValueError):
                return MAX_MAIN_IMAGES + 1  # unnumbered ones go last, in library order

        return sorted(images, key=order_of)

    def clean_description(self):
        description = sanitize_html(
            self.cleaned_data.get("description", ""),
            allowed_image_srcs=member_image_srcs(self.user),
        )
        # Stored with detail images at their private address, which stays valid whether or not
        # the product is public; public pages switch them to the public one (`public_media`).
        description = stored_media_html(description)
        # Escaping may lengthen what was typed; what is stored must fit too.
        limit = EnterpriseProduct._meta.get_field("description").max_length
        if len(description) > limit:
            raise too_long_error(self.fields["description"].label, limit, len(description), HTML)
        return description

    def clean_price(self):
        price = self.cleaned_data.get("price")
        if price is not None and price < 0:
            raise forms.ValidationError(_("价格不能为负数；面议请留空。"))
        return price

    def library_choices(self):
        """The library for the template: entry dicts with checked state and order number."""
        if self.is_bound:
            selected = {str(pk) for pk in self.data.getlist("main_images")}
            orders = {pk: self.data.get(f"main_image_order_{pk}", "") for pk in selected}
        else:
            selected = {str(pk) for pk in self.initial.get("main_images", [])}
            orders = {str(pk): order for pk, order in self.initial_orders.items()}
        choices = []
        for image in self.library:
            entry = library_entry(image)
            entry.update(checked=str(image.pk) in selected, order=orders.get(str(image.pk), ""))
            choices.append(entry)
        return choices

    @transaction.atomic
    def save_product(self, enterprise, category):
        product = self.save(commit=False)
        product.enterprise = enterprise
        product.category = category
        product.save()
        EnterpriseProductImage.objects.filter(product=product).delete()
        EnterpriseProductImage.objects.bulk_create(
            EnterpriseProductImage(product=product, image=image, sort_order=index)
            for index, image in enumerate(self.cleaned_data["main_images"])
        )
        bump_content_version(CACHE_TAG)
        return product


def category_tree_rows():
    """The whole tree in one query, each row knowing whether it is a leaf (selectable)."""
    categories = list(ProductCategory.objects.order_by("path"))
    parent_paths = {category.parent_path for category in categories}
    return [(category, category.path not in parent_paths) for category in categories]


class EnterpriseProductsMixin(EnterpriseCentreMixin):
    center_section = "products"

    def own_products(self):
        return EnterpriseProduct.objects.filter(enterprise=self.member)

    def get_own_product(self):
        return get_object_or_404(self.own_products(), pk=self.kwargs["pk"])

    def profile_incomplete_response(self):
        return self.response_class(
            request=self.request,
            template=["marketplace/center/product_profile_incomplete.html"],
            context=self.get_context_data(),
            using=self.template_engine,
        )


class ProductListView(EnterpriseProductsMixin, ListView):
    template_name = "marketplace/center/product_list.html"
    context_object_name = "products"
    paginate_by = 20

    def get_queryset(self):
        return self.own_products().select_related("category").order_by("-updated_at", "-pk")


class ProductCreateView(EnterpriseProductsMixin, TemplateView):
    """发布产品: the category tree first (no `?category=`), then the form with that category."""

    template_name = "marketplace/center/product_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.category = None
        return super().dispatch(request, *args, **kwargs)

    def get_category(self):
        value = self.request.GET.get("category") or self.request.POST.get("category")
        if not value:
            return None
        try:
            category = ProductCategory.objects.get(pk=int(value))
        except (ValueError, ProductCategory.DoesNotExist):
            raise Http404 from None
        if not category.is_leaf():
            raise Http404  # products are filed under the most specific category
        return category

    def get_form(self, data=None):
        return ProductForm(data, user=self.request.user)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(category=self.category, editing=False)
        if self.category is not None:
            context["form"] = form or self.get_form()
        else:
            context["category_rows"] = category_tree_rows()
        return context

    def get(self, request, *args, **kwargs):
        if not self.member.is_complete:
            return self.profile_incomplete_response()
        self.category = self.get_category()
        if self.category is None:
            self.template_name = "marketplace/center/product_category_choice.html"
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if not self.member.is_complete:
            return self.profile_incomplete_response()
        self.category = self.get_category()
        if self.category is None:
            return redirect("catalogue:center_product_create")
        form = self.get_form(request.POST)
        if not form.is_valid():
            messages.error(request, _("产品未发布，请根据提示修改后重新提交。"))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        product = form.save_product(self.member, self.category)
        messages.success(request, _("产品“%(name)s”已发布。") % {"name": product.name})
        return redirect("catalogue:center_products")


class ProductEditView(EnterpriseProductsMixin, TemplateView):
    template_name = "marketplace/center/product_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.product = None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            product=self.product,
            category=self.product.category,
            editing=True,
            form=form or ProductForm(instance=self.product, user=self.request.user),
        )
        return context

    def get(self, request, *args, **kwargs):
        self.product = self.get_own_product()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.product = self.get_own_product()
        if not self.member.is_complete:
            return self.profile_incomplete_response()
        form = ProductForm(request.POST, instance=self.product, user=request.user)
        if not form.is_valid():
            messages.error(request, _("产品未保存，请根据提示修改后重新提交。"))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save_product(self.member, self.product.category)
        messages.success(request, _("产品“%(name)s”已保存。") % {"name": self.product.name})
        return redirect("catalogue:center_products")


class ProductStatusView(EnterpriseProductsMixin, View):
    """下架 / 重新上架 by the owner. A product the platform took down stays down."""

    http_method_names = ["post"]
    action = None  # "withdraw" or "relist"

    def post(self, request, pk):
        product = self.get_own_product()
        try:
            if self.action == "withdraw":
                product.withdraw()
                done = _("产品“%(name)s”已下架。")
            else:
                product.relist()
                done = _("产品“%(name)s”已重新上架。")
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, done % {"name": product.name})
        return redirect("catalogue:center_products")


class ProductDeleteView(EnterpriseProductsMixin, TemplateView):
    template_name = "marketplace/center/product_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.get_own_product(), **kwargs)

    def post(self, request, pk):
        product = self.get_own_product()
        name = product.name
        product.delete()  # the model's signal bumps the public pages' content version
        messages.success(request, _("产品“%(name)s”已删除。") % {"name": name})
        return redirect(reverse("catalogue:center_products"))
