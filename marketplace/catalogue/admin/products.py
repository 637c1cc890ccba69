"""Admin for product categories and enterprise products (provincial operators).

Enterprise products go live without review (R2.2), so the operators' tool is the take-down:
"平台下架" asks for a reason, which the owner then sees in its member centre; "恢复上架" undoes
it. The edit form holds only what an operator may correct (name, summary, category); the
description and images stay the member's.
"""

from django import forms
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from marketplace.catalogue.models import EnterpriseProduct, ProductCategory
from marketplace.catalogue.models.products import TAKEDOWN_REASON_MAX_LENGTH

# Product categories -------------------------------------------------------------------------


class ProductCategoryForm(WagtailAdminModelForm):
    """The category's fields plus its place in the tree (上级类目), which treebeard manages."""

    parent = forms.ModelChoiceField(
        label=_("上级类目"),
        queryset=ProductCategory.objects.order_by("path"),
        required=False,
        help_text=_("留空表示一级类目。"),
    )

    class Meta:
        model = ProductCategory
        fields = ["name", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = ProductCategory.objects.order_by("path")
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)  # not below itself
            self.initial.setdefault("parent", self.instance.get_parent())
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda category: category.indented_name

    @transaction.atomic
    def save(self, commit=True):
        category = self.instance
        parent = self.cleaned_data.get("parent")
        if category.pk is None:
            category = (
                parent.add_child(instance=category)
                if parent
                else ProductCategory.add_root(instance=category)
            )
        else:
            category.save()
            if parent != category.get_parent():
                if parent is None:
                    category.move(ProductCategory.get_first_root_node(), pos="sorted-sibling")
                else:
                    category.move(parent, pos="sorted-child")
                category.refresh_from_db()
        self.instance = category
        return category


class ProductCategoryViewSet(ModelViewSet):
    model = ProductCategory
    icon = "list-ul"
    menu_label = _("产品类目")
    url_prefix = "marketplace/product-categories"
    copy_view_enabled = False
    list_display = [
        Column("indented_name", label=_("类目名称"), accessor="indented_name"),
        Column("parent_name", label=_("上级类目")),
        "sort_order",
        Column("product_count", label=_("产品数")),
    ]
    search_fields = ["name"]
    ordering = "path"
    list_export = ["name", "parent_name", "sort_order", "product_count"]
    export_headings = {
        "name": _("类目名称"),
        "parent_name": _("上级类目"),
        "sort_order": _("排序"),
        "product_count": _("产品数"),
    }
    export_filename = "product-categories"

    def get_form_class(self, for_update=False):
        return ProductCategoryForm

    def get_queryset(self, request):
        parent_name = ProductCategory.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - ProductCategory.steplen)
        ).values("name")[:1]
        return ProductCategory.objects.annotate(
            parent_name=Subquery(parent_name), product_count=Count("products")
        )


# Enterprise products ------------------------------------------------------------------------


class TakeDownForm(forms.ModelForm):
    takedown_reason = forms.CharField(
        label=_("下架原因"),
        max_length=TAKEDOWN_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("企业会在会员中心看到这段说明。"),
    )

    class Meta:
        model = EnterpriseProduct
        fields = ["takedown_reason"]


class TakeDownView(EditView):
    """平台下架: the reason is required; the product leaves every public page at once."""

    form_class = TakeDownForm
    template_name = "wagtailadmin/generic/edit.html"
    success_message = _("已下架产品“%(object)s”。")

    def get_page_subtitle(self):
        return _("下架：%(name)s") % {"name": self.object.name}

    def get_edit_url(self):
        return reverse(self.takedown_url_name, args=[self.object.pk])

    takedown_url_name = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("for_user", None)
        return kwargs

    def save_instance(self):
        product = self.form.instance
        product.status = EnterpriseProduct.Status.TAKEN_DOWN
        product.taken_down_at = timezone.now()
        product.taken_down_by = self.request.user
        product.save()
        return product


class RestoreView(TakeDownView):
    """恢复上架 (the reason stays on record until the next take-down)."""

    form_class = forms.modelform_factory(EnterpriseProduct, fields=[])
    success_message = _("已恢复上架产品“%(object)s”。")

    def get_page_subtitle(self):
        return _("恢复上架：%(name)s") % {"name": self.object.name}

    def get_edit_url(self):
        return reverse(self.restore_url_name, args=[self.object.pk])

    restore_url_name = None

    def save_instance(self):
        product = self.form.instance
        product.status = EnterpriseProduct.Status.PUBLISHED
        product.save()
        return product


class ProductIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.user_has_permission("change"):
            return buttons
        if instance.status == EnterpriseProduct.Status.TAKEN_DOWN:
            url, label = self.restore_url_name, _("恢复上架")
        else:
            url, label = self.takedown_url_name, _("平台下架")
        buttons.append(
            ListingButton(
                label, url=reverse(url, args=[instance.pk]), icon_name="warning", priority=25
            )
        )
        return buttons

    takedown_url_name = None
    restore_url_name = None


class EnterpriseProductViewSet(ModelViewSet):
    model = EnterpriseProduct
    icon = "tag"
    menu_label = _("企业产品")
    url_prefix = "marketplace/products"
    index_view_class = ProductIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["name", "summary", "category"]
    inspect_view_fields = [
        "name",
        "enterprise",
        "category",
        "summary",
        "price",
        "unit",
        "specifications",
        "status",
        "takedown_reason",
        "taken_down_at",
        "taken_down_by",
        "published_at",
        "updated_at",
    ]
    list_display = [
        "name",
        "enterprise",
        "category",
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("published_at", label=_("发布时间"), sort_key="published_at"),
    ]
    list_filter = ["status", "category", "enterprise__region_code"]
    search_fields = ["name", "summary", "enterprise__name"]
    # The model is in the site-search index, but the admin searches (and scopes) with the ORM:
    # these lookups span relations the index does not hold.
    search_backend_name = None
    ordering = "-published_at"
    list_export = [
        "name",
        "enterprise",
        "category",
        "price",
        "unit",
        "status",
        "takedown_reason",
        "published_at",
    ]
    export_headings = {
        "name": _("产品名称"),
        "enterprise": _("企业"),
        "category": _("产品类目"),
        "price": _("价格（元）"),
        "unit": _("计价单位"),
        "status": _("状态"),
        "takedown_reason": _("下架原因"),
        "published_at": _("发布时间"),
    }
    export_filename = "enterprise-products"

    def get_queryset(self, request):
        return EnterpriseProduct.objects.select_related("enterprise", "category")

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            takedown_url_name=self.get_url_name("takedown"),
            restore_url_name=self.get_url_name("restore"),
            **kwargs,
        )

    def _status_view(self, view_class, **kwargs):
        return self.construct_view(
            view_class,
            **self.get_edit_view_kwargs(form_class=view_class.form_class, panel=None),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "takedown/<str:pk>/",
                self._status_view(TakeDownView, takedown_url_name=self.get_url_name("takedown")),
                name="takedown",
            ),
            path(
                "restore/<str:pk>/",
                self._status_view(RestoreView, restore_url_name=self.get_url_name("restore")),
                name="restore",
            ),
        ]
