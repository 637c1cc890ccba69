"""上传图片 in place: the JSON endpoint the product form, the service form and the picker use.

`marketplace-image-upload.js` sends each chosen file in its own request (so each has its own
progress bar) to `ImageUploadView`; the images go into the member's 图片库 through the library's
own check and save (`check_library_upload`, `save_library_images`), so there is one code path.
Unlike the library page's form, which refuses the whole batch when one file is bad, each file
here stands alone: a refused file is listed with its Chinese reason and the others are saved.

Renditions are made by a background task after the upload; `ImageStatusView` tells the script
when an image's sizes are ready so it can replace the 「处理中」 placeholder.

Both answer JSON only, to the member's own session (CSRF enforced by the middleware as for every
POST), and are not part of the public API (the member API has `POST /api/v2/me/images/`).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from marketplace.catalogue.images import (
    PRODUCT_RENDITION_SPECS,
    LibraryUploadError,
    check_library_upload,
    check_library_upload_count,
    member_images,
    product_rendition_urls,
    product_renditions_ready,
    save_library_images,
)
from marketplace.catalogue.views.center.images import LIBRARY_MEMBER_KINDS
from marketplace.members.views.center.base import member_of

# The status poll asks about the images of one upload batch at most.
STATUS_MAX_IDS = 50
ID_MAX_DIGITS = 12


def image_json(image):
    """What the forms need to show one library image as a choice."""
    ready = product_renditions_ready(image)
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "ready": ready,
        "urls": product_rendition_urls(image) if ready else {},
    }


def refusal(message, status=400):
    return JsonResponse(
        {"ok": False, "images": [], "errors": [{"name": "", "message": message}]}, status=status
    )


class LibraryJSONView(View):
    """Only a logged-in enterprise or institution, for its own library; JSON refusals otherwise
    (the script shows them next to the file instead of following a redirect to the login page)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return refusal(_("登录已失效，请重新登录后再上传图片。"), status=403)
        kind, _member = member_of(request.user)
        if kind not in LIBRARY_MEMBER_KINDS:
            return refusal(_("只有企业和服务机构会员可以使用图片库。"), status=403)
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = refusal(_("不支持该请求方式。"), status=405)
        response["Allow"] = ", ".join(self._allowed_methods())
        return response


class ImageUploadView(LibraryJSONView):
    """POST multipart `images` (one or several files) → 201 with the saved images and the
    refused files; 400 when no file was saved."""

    http_method_names = ["post"]

    def post(self, request):
        files = request.FILES.getlist("images")
        try:
            check_library_upload_count(files)
        except LibraryUploadError as error:
            return refusal(str(error))
        checked, errors = [], []
        for uploaded in files:
            try:
                checked.append(check_library_upload(uploaded))
            except LibraryUploadError as error:
                errors.append({"name": uploaded.name, "message": str(error)})
        images = save_library_images(request.user, checked) if checked else []
        # The immediate task backend (tests, small sites) has made the sizes by now.
        ready = member_images(request.user).filter(pk__in=[image.pk for image in images])
        by_pk = {image.pk: image for image in ready.prefetch_renditions(*PRODUCT_RENDITION_SPECS)}
        return JsonResponse(
            {
                "ok": not errors,
                "images": [image_json(by_pk[image.pk]) for image in images],
                "errors": errors,
            },
            status=201 if images else 400,
        )


class ImageStatusView(LibraryJSONView):
    """GET ?ids=1,2 → those of the member's own images, with their sizes once ready."""

    http_method_names = ["get"]

    def get(self, request):
        ids = []
        for value in request.GET.get("ids", "").split(",")[:STATUS_MAX_IDS]:
            value = value.strip()
            if value.isascii() and value.isdigit() and len(value) <= ID_MAX_DIGITS:
                ids.append(int(value))
        images = member_images(request.user).filter(pk__in=ids)
        images = images.prefetch_renditions(*PRODUCT_RENDITION_SPECS)
        return JsonResponse({"ok": True, "images": [image_json(image) for image in images]})
