"""/center/media/<name>: a member's private image file, streamed to its owner and to staff only.

What `ImageStorage.url()` gives for a private name (portal/image_storage.py): the original and
the private renditions shown in the owner's own library, picker and forms, and in the Wagtail
admin. The owner is the account that uploaded the image, signed in by session or, for the member
API, by its `Authorization: Bearer` token; staff are accounts that may enter the Wagtail admin.
Everyone else gets the same 404 as for a name that does not exist, so the URL confirms nothing.
"""

import mimetypes

from django.http import FileResponse, Http404
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from rest_framework.exceptions import AuthenticationFailed
from wagtail.images import get_image_model

from portal.image_storage import PRIVATE_ORIGINALS, PRIVATE_RENDITIONS, ImageStorage

IMAGE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"}


def image_of_private_file(name):
    """The image a private file name belongs to (an original or a rendition), or None."""
    image_model = get_image_model()
    if name.startswith(PRIVATE_ORIGINALS):
        return image_model.objects.filter(file=name, is_private=True).first()
    if name.startswith(PRIVATE_RENDITIONS):
        rendition_model = image_model.get_rendition_model()
        rendition = rendition_model.objects.select_related("image").filter(file=name).first()
        if rendition is not None and rendition.image.is_private:
            return rendition.image
    return None


def requesting_user(request):
    """The session's user, or the member API token's (an image URL the API handed out)."""
    if request.user.is_authenticated:
        return request.user
    from portal.member_api import MemberTokenAuthentication

    try:
        authenticated = MemberTokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return authenticated[0] if authenticated else None


def may_see_private_image(user, image):
    if user is None or not user.is_active:
        return False
    if image.uploaded_by_user_id is not None and image.uploaded_by_user_id == user.pk:
        return True
    # Platform staff review and take down what members publish, in the Wagtail admin.
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


@require_safe
def member_image_file(request, name):
    content_type, _encoding = mimetypes.guess_type(name)
    if content_type not in IMAGE_CONTENT_TYPES:
        raise Http404
    image = image_of_private_file(name)
    if image is None or not may_see_private_image(requesting_user(request), image):
        raise Http404
    try:
        handle = ImageStorage.private().open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # A name's bytes never change; the browser may keep them, no shared cache may.
    response["Cache-Control"] = "private, max-age=600"
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response
