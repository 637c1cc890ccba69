"""图片库: a member's own image library (R2.4, R2.5), for enterprises and institutions alike.

Enterprises pick their products' main images from it, institutions their service products'
covers.

Upload several images at once (a plain multi-file form; `marketplace-image-library.js` sends the
files one by one with a progress bar each and asks for JSON), see them with their three
generated sizes, delete them, and pick one from the small picker window the description editor
opens ("浏览服务器"). Every lookup goes through `member_images(user)`: another member's image is a
404, never a 403 that would confirm it exists.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from marketplace.catalogue.images import (
    LIBRARY_ACCEPT,
    LIBRARY_FORMATS,
    LIBRARY_MAX_UPLOAD_SIZE,
    PRODUCT_RENDITION_SPECS,
    LibraryUploadError,
    check_library_upload,
    check_library_upload_count,
    member_images,
    product_rendition_urls,
    product_renditions_ready,
    save_library_images,
)
from marketplace.catalogue.models import EnterpriseProductImage, ServiceProduct
from marketplace.members.views.center.base import ENTERPRISE, INSTITUTION, MemberCentreMixin

LIBRARY_MEMBER_KINDS = (ENTERPRISE, INSTITUTION)

LIBRARY_PAGE_SIZE = 40
DEFAULT_DETAIL_IMAGE_WIDTH = 300


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files under one name; each is checked by `check_library_upload` in the form."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(_("请选择要上传的图片。"), code="required")
        return files


class LibraryUploadForm(forms.Form):
    images = MultipleImageField(
        label=_("选择图片"),
        widget=MultipleImageInput(attrs={"accept": LIBRARY_ACCEPT, "multiple": True}),
        help_text=_("可一次选择多张；支持 %(formats)s，单张不超过 %(size)s MB。")
        % {
            "formats": "、".join(LIBRARY_FORMATS.values()),
            "size": LIBRARY_MAX_UPLOAD_SIZE // (1024 * 1024),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked_uploads = []

    def clean_images(self):
        files = self.cleaned_data["images"]
        try:
            check_library_upload_count(files)
        except LibraryUploadError as error:
            raise forms.ValidationError(str(error)) from error
        # All or nothing: one bad file refuses the batch, with every file's problem listed.
        errors, checked = [], []
        for uploaded in files:
            try:
                checked.append(check_library_upload(uploaded))
            except LibraryUploadError as error:
                errors.append(str(error))
        if errors:
            raise forms.ValidationError(errors)
        self.checked_uploads = checked
        return files


class _LibraryMembersOnly:
    """Runs after `MemberCentreMixin` has resolved the member: staff and others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if self.member_kind_of_user not in LIBRARY_MEMBER_KINDS:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MemberLibraryMixin(MemberCentreMixin, _LibraryMembersOnly):
    """Any enterprise or institution; the library is per account (its own collection)."""


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def library_entry(image):
    """What the library and the picker show of one image."""
    return {
        "image": image,
        "ready": product_renditions_ready(image),
        "urls": product_rendition_urls(image),
    }


class ImageLibraryView(MemberLibraryMixin, TemplateView):
    template_name = "marketplace/center/image_library.html"
    center_section = "image_library"

    def get_images(self):
        return member_images(self.request.user).prefetch_renditions(*PRODUCT_RENDITION_SPECS)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.get_images(), LIBRARY_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            form=form or LibraryUploadForm(),
            page_obj=page,
            entries=[library_entry(image) for image in page],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = LibraryUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = form.errors.get("images") or [_("上传失败，请重试。")]
            if wants_json(request):
                return JsonResponse({"ok": False, "errors": [str(e) for e in errors]}, status=400)
            messages.error(request, _("图片未上传，请根据提示修改后重新上传。"))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        images = save_library_images(request.user, form.checked_uploads)
        if wants_json(request):
            return JsonResponse(
                {"ok": True, "images": [{"id": image.pk, "title": image.title} for image in images]}
            )
        messages.success(
            request,
            ngettext("已上传 %(count)s 张图片。", "已上传 %(count)s 张图片。", len(images))
            % {"count": len(images)},
        )
        return redirect("catalogue:center_image_library")


class ImageDeleteView(MemberLibraryMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        image = member_images(request.user).filter(pk=pk).first()
        if image is None:
            raise Http404
        used_by = list(
            EnterpriseProductImage.objects.filter(image=image)
            .values_list("product__name", flat=True)
            .distinct()[:5]
        )
        cover_of = list(
            ServiceProduct.objects.filter(cover=image).values_list("name", flat=True)[:5]
        )
        if used_by:
            messages.error(
                request,
                _("“%(title)s”正用作产品主图（%(products)s），请先在产品中移除后再删除。")
                % {"title": image.title, "products": "、".join(used_by)},
            )
        elif cover_of:
            messages.error(
                request,
                _("“%(title)s”正用作服务产品封面（%(products)s），请先在产品中更换后再删除。")
                % {"title": image.title, "products": "、".join(cover_of)},
            )
        else:
            image.delete()
            messages.success(request, _("图片“%(title)s”已删除。") % {"title": image.title})
        return redirect("catalogue:center_image_library")


class ImagePickerView(ImageLibraryView):
    """浏览服务器: the small window that inserts a detail image into the description.

    Without JavaScript it shows each image's ready-made `<img>` code at the chosen width; with it,
    a click inserts that code into the editor that opened the window.
    """

    template_name = "marketplace/center/image_picker.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        width = _dimension(self.request.GET.get("width"), DEFAULT_DETAIL_IMAGE_WIDTH)
        for entry in context["entries"]:
            image = entry["image"]
            entry["width"] = width
            entry["height"] = (
                max(1, round(width * image.height / image.width)) if image.width else width
            )
        context.update(width=width, target=self.request.GET.get("target", "id_description")[:50])
        return context

    def post(self, request, *args, **kwargs):
        raise Http404


def _dimension(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= 1200 else default
