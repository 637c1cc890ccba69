"""服务产品 in the institution's member centre (R1.6): list, add, edit, submit, take off sale.

Only an institution whose qualification is approved may publish. Every save is a Wagtail
revision; "确定提交" starts the platform review. Once a product is live, edits stay in revisions
under review while the approved version remains public, exactly like the qualification.

The cover image is chosen among the institution's own 图片库 images (radio buttons: works
without JavaScript); the library made its pre-generated sizes at upload.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.actions.unpublish import UnpublishAction

from marketplace.catalogue.images import (
    PRODUCT_RENDITION_SPECS,
    member_images,
    product_renditions_ready,
)
from marketplace.catalogue.models import ServiceCategory, ServiceProduct
from marketplace.catalogue.tasks import generate_product_renditions
from marketplace.catalogue.views.center.images import library_entry
from marketplace.members.views.center.base import InstitutionCentreMixin
from marketplace.members.workflows import submit_for_review
from portal.text_limits import LengthLimitsMixin

SAVE_DRAFT = "save_draft"
SUBMIT = "submit"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.indented_name


class ServiceProductForm(LengthLimitsMixin, forms.ModelForm):
    category = CategoryChoiceField(
        label=_("服务类目"), queryset=ServiceCategory.objects.active(), empty_label=_("请选择类目")
    )
    cover = forms.ModelChoiceField(
        label=_("封面图片"),
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("不使用封面"),
        help_text=_("可选：从您的图片库中选择一张图片作为封面。"),
        error_messages={"invalid_choice": _("所选图片不在您的图片库中。")},
    )

    class Meta:
        model = ServiceProduct
        fields = [
            "name",
            "category",
            "summary",
            "content",
            "service_mode",
            "regions_served",
            "price_mode",
            "price",
            "price_min",
            "price_max",
            "delivery_period",
            "contact_name",
            "contact_phone",
            "cover",
        ]
        widgets = {
            # A plain text box: paragraphs are made from lines, and any HTML is whitelisted.
            "content": forms.Textarea(attrs={"rows": 8}),
            "service_mode": forms.RadioSelect,
            "price_mode": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the member's own library: another member's image id is an invalid choice.
        self.library = member_images(user).prefetch_renditions(*PRODUCT_RENDITION_SPECS)
        self.fields["cover"].queryset = self.library

    def cover_choices(self):
        """The library for the template: entry dicts (sizes, readiness) with checked state."""
        value = self["cover"].value()
        selected = str(value.pk if hasattr(value, "pk") else value or "")
        choices = []
        for image in self.library:
            entry = library_entry(image)
            entry["checked"] = str(image.pk) == selected
            choices.append(entry)
        return choices


class ServiceProductListView(InstitutionCentreMixin, ListView):
    template_name = "marketplace/center/service_product_list.html"
    context_object_name = "products"
    center_section = "service_products"
    paginate_by = 20

    def get_queryset(self):
        return ServiceProduct.objects.filter(institution=self.member).select_related("category")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The reviewer's comment only for the rejected rows on this page.
        for product in context["products"]:
            product.comment = product.rejection_comment
        return context


class ServiceProductFormView(InstitutionCentreMixin, TemplateView):
    """新增产品 (no pk) and 编辑 (pk of the member's own product)."""

    template_name = "marketplace/center/service_product_form.html"
    center_section = "service_products"

    def get_product(self):
        """(stored row or None, the latest version to edit). Another's product is a 404."""
        pk = self.kwargs.get("pk")
        if pk is None:
            return None, ServiceProduct(
                institution=self.member,
                contact_phone=self.member.contact_phone,
                regions_served=self.member.region_name or "湖南省",
            )
        stored = ServiceProduct.objects.filter(pk=pk, institution=self.member).first()
        if stored is None:
            raise Http404
        return stored, stored.get_latest_revision_as_object()

    def get(self, request, *args, **kwargs):
        if not self.member.is_approved:
            return self.render_refusal()
        return super().get(request, *args, **kwargs)

    def get_form(self, data=None, *, instance):
        return ServiceProductForm(data, instance=instance, user=self.request.user)

    def render_refusal(self):
        return self.response_class(
            request=self.request,
            template="marketplace/center/service_product_not_approved.html",
            context=super().get_context_data(),
            status=403,
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        stored, product = self.get_product()
        editable = stored is None or stored.is_editable_by_member
        context.update(
            stored=stored,
            product=product,
            editable=editable,
            form=(form or self.get_form(instance=product)) if editable else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.member.is_approved:
            return self.render_refusal()
        stored, product = self.get_product()
        if stored is not None and not stored.is_editable_by_member:
            messages.error(request, _("服务产品正在审核中，审核完成前不能修改。"))
            return redirect("catalogue:center_service_products")
        form = self.get_form(request.POST, instance=product)
        if not form.is_valid():
            messages.error(request, _("服务产品未保存，请根据提示修改后重新提交。"))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        submit = SUBMIT in request.POST
        try:
            self.save(form, stored, submit=submit)
        except PermissionDenied:
            messages.error(request, _("服务产品正在审核中，审核完成前不能修改。"))
            return redirect("catalogue:center_service_products")
        if submit:
            messages.success(request, _("服务产品已提交，请等待所属窗口平台审核。"))
        else:
            messages.success(request, _("草稿已保存。"))
        return redirect("catalogue:center_service_products")

    @transaction.atomic
    def save(self, form, stored, *, submit):
        user = self.request.user
        product = form.save(commit=False)
        cover = product.cover
        if cover is not None and not product_renditions_ready(cover):
            # An older cover (uploaded before the library) lacks the public sizes: make them
            # in the background, as the library does at upload.
            transaction.on_commit(lambda: generate_product_renditions.enqueue(cover.pk))
        if stored is None:
            product = CreateAction(product, user=user).execute(skip_permission_checks=True)
        else:
            # Lock the row: two submissions in two tabs must not start two reviews.
            stored = ServiceProduct.objects.select_for_update().get(pk=stored.pk)
            if not stored.is_editable_by_member:
                raise PermissionDenied
            product = EditAction(product, user=user).execute(skip_permission_checks=True)
        saved = ServiceProduct.objects.get(pk=product.pk)
        if submit:
            submit_for_review(saved, user)
        else:
            saved.refresh_review_status()
        return saved


class ServiceProductUnpublishView(InstitutionCentreMixin, View):
    """下架: the institution takes its own live product off the portal (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        product = ServiceProduct.objects.filter(pk=pk, institution=self.member).first()
        if product is None:
            raise Http404
        if product.live:
            UnpublishAction(product, user=request.user).execute(skip_permission_checks=True)
            messages.success(request, _("服务产品已下架，不再在平台展示。"))
        return redirect("catalogue:center_service_products")
