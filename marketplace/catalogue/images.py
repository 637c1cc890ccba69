"""The member image library (图片库): what an upload must be, and the sizes made of it (R2.4).

Every library image gets the three sizes of `PRODUCT_IMAGE_SIZES`, each as WebP with a JPEG
fallback for `{% picture %}`, made by a background task right after the upload
(`marketplace.catalogue.tasks.generate_product_renditions`). Public pages only *read* them:
they prefetch `PRODUCT_RENDITION_SPECS` and show a placeholder for an image whose sizes are not
ready yet, so a public request never renders an image.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from marketplace.members.media import member_collection
from portal.uploads import IMAGE_KINDS, validate_upload

# name → Wagtail filter spec; templates write `{% picture image format-{webp,jpeg} <spec> %}`.
PRODUCT_IMAGE_SIZES = {
    "large": "max-1200x1200",
    "medium": "fill-600x600",
    "thumbnail": "fill-200x200",
}
PRODUCT_IMAGE_FORMATS = ("webp", "jpeg")
# The exact spec strings `{% picture %}` looks up (format first, as the templates write it).
PRODUCT_RENDITION_SPECS = tuple(
    f"format-{image_format}|{spec}"
    for spec in PRODUCT_IMAGE_SIZES.values()
    for image_format in PRODUCT_IMAGE_FORMATS
)

LIBRARY_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
LIBRARY_MAX_FILES_PER_UPLOAD = 20
# Pillow format name → what members are told.
LIBRARY_FORMATS = {"JPEG": "JPG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
LIBRARY_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


def size_spec(size, image_format="jpeg"):
    return f"format-{image_format}|{PRODUCT_IMAGE_SIZES[size]}"


def member_images(user):
    """The member's own library: the images in its own collection, newest first."""
    return (
        get_image_model()
        .objects.filter(collection=member_collection(user))
        .order_by("-created_at", "-pk")
    )


def images_with_product_renditions():
    return get_image_model().objects.prefetch_renditions(*PRODUCT_RENDITION_SPECS)


def product_image_prefetch(lookup="image"):
    """Prefetch an image relation with the whole rendition set: two queries for any number."""
    return Prefetch(lookup, queryset=images_with_product_renditions())


def prefetched_product_renditions(image):
    """{spec: rendition} of the set, from what was prefetched (never creates one)."""
    renditions = getattr(image, "prefetched_renditions", None)
    if renditions is None:
        renditions = image.renditions.filter(filter_spec__in=PRODUCT_RENDITION_SPECS)
    return {r.filter_spec: r for r in renditions if r.filter_spec in PRODUCT_RENDITION_SPECS}


def product_renditions_ready(image):
    return image is not None and len(prefetched_product_renditions(image)) == len(
        PRODUCT_RENDITION_SPECS
    )


def product_rendition_urls(image, image_format="jpeg"):
    """{"large": url, "medium": url, "thumbnail": url} of the ready sizes (missing ones omitted)."""
    renditions = prefetched_product_renditions(image)
    return {
        size: renditions[size_spec(size, image_format)].url
        for size in PRODUCT_IMAGE_SIZES
        if size_spec(size, image_format) in renditions
    }


# Validation ---------------------------------------------------------------------------------


class LibraryUploadError(ValueError):
    """An upload the library refuses; `str(error)` is the message for the member."""


def check_library_upload_count(files):
    """How many files one request may carry: checked before any of them is looked at."""
    if not files:
        raise LibraryUploadError(_("请选择要上传的图片。"))
    if len(files) > LIBRARY_MAX_FILES_PER_UPLOAD:
        raise LibraryUploadError(
            _("一次最多上传 %(count)s 张图片。") % {"count": LIBRARY_MAX_FILES_PER_UPLOAD}
        )


@dataclass
class CheckedUpload:
    file: object
    title: str
    width: int
    height: int


def check_library_upload(uploaded_file):
    """Refuse anything that is not a clean, reasonably sized JPEG/PNG/WebP/GIF.

    The portal's one upload check (portal/uploads.py): the byte size first, then the content by
    its magic bytes, polyglots, and the pixel count from the header, all before any bitmap is
    decoded, so a 20000×20000 "decompression bomb" is refused without allocating it.
    """
    try:
        checked = validate_upload(
            uploaded_file, kinds=IMAGE_KINDS, max_bytes=LIBRARY_MAX_UPLOAD_SIZE
        )
    except ValidationError as error:
        raise LibraryUploadError(" ".join(error.messages)) from error
    name = PurePath(uploaded_file.name or "").name
    title = PurePath(name).stem[:200] or str(_("图片"))
    return CheckedUpload(
        file=uploaded_file, title=title, width=checked.width, height=checked.height
    )


# Saving ---------------------------------------------------------------------------------------


def save_library_images(user, checked_uploads):
    """Store checked uploads in the member's collection; sizes are made in the background.

    Only the member sees them (and staff): they stay in private storage until a public record
    uses them (`marketplace.catalogue.image_visibility`).
    """
    from marketplace.catalogue.tasks import generate_product_renditions

    collection = member_collection(user)
    image_model = get_image_model()
    images = []
    with transaction.atomic():
        for upload in checked_uploads:
            # Private: a random name in private storage (portal/image_storage.py).
            image = image_model(
                title=upload.title,
                file=upload.file,
                collection=collection,
                uploaded_by_user=user,
                is_private=True,
            )
            image.save()
            images.append(image)
    for image in images:
        # Enqueued after the rows exist; the database backend's worker picks it up later.
        generate_product_renditions.enqueue(image.pk)
    return images
