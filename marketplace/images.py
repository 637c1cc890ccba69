"""The member image library (图片库): what an upload must be, and the sizes made of it (R2.4).

Every library image gets the three sizes of `PRODUCT_IMAGE_SIZES`, each as WebP with a JPEG
fallback for `{% picture %}`, made by a background task right after the upload
(`marketplace.tasks.generate_product_renditions`). Public pages only *read* them: they prefetch
`PRODUCT_RENDITION_SPECS` and show a placeholder for an image whose sizes are not ready yet, so a
public request never renders an image.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images import get_image_model

from .media import member_collection

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


@dataclass
class CheckedUpload:
    file: object
    title: str
    width: int
    height: int


def check_library_upload(uploaded_file):
    """Refuse anything that is not a real, reasonably sized JPEG/PNG/WebP/GIF.

    Order matters: the byte size and the header's pixel count are checked before any bitmap is
    decoded, so a 20000×20000 "decompression bomb" is refused without allocating it.
    """
    name = PurePath(uploaded_file.name or "").name
    if uploaded_file.size > LIBRARY_MAX_UPLOAD_SIZE:
        raise LibraryUploadError(
            _("“%(name)s”过大（%(size)s），单张图片不能超过 %(max)s。")
            % {
                "name": name,
                "size": filesizeformat(uploaded_file.size),
                "max": filesizeformat(LIBRARY_MAX_UPLOAD_SIZE),
            }
        )
    max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        uploaded_file.seek(0)
        # `open` reads the header only; Pillow's own bomb check may already refuse here.
        with PILImage.open(uploaded_file) as header:
            image_format, (width, height) = header.format, header.size
    except PILImage.DecompressionBombError as error:
        raise _too_many_pixels(name, max_pixels) from error
    except Exception as error:  # noqa: BLE001 — Pillow raises many kinds for non-images
        raise _not_an_image(name) from error
    if image_format not in LIBRARY_FORMATS:
        raise LibraryUploadError(
            _("“%(name)s”的格式（%(format)s）不支持，请上传 %(formats)s 图片。")
            % {"name": name, "format": image_format, "formats": "、".join(LIBRARY_FORMATS.values())}
        )
    if width * height > max_pixels:
        raise _too_many_pixels(name, max_pixels, width, height)
    try:
        uploaded_file.seek(0)
        with PILImage.open(uploaded_file) as image:
            image.verify()  # checksums and structure: refuses forged images
        uploaded_file.seek(0)
        with PILImage.open(uploaded_file) as image:
            # Decoding once (now bounded by the pixel check) refuses truncated files, which
            # `verify` lets through and which would only fail later, in the rendition task.
            image.load()
    except Exception as error:  # noqa: BLE001
        raise _not_an_image(name) from error
    finally:
        uploaded_file.seek(0)
    title = PurePath(name).stem[:200] or str(_("图片"))
    return CheckedUpload(file=uploaded_file, title=title, width=width, height=height)


def _not_an_image(name):
    return LibraryUploadError(
        _("“%(name)s”不是有效的图片文件，请上传 JPG、PNG、WebP 或 GIF 图片。") % {"name": name}
    )


def _too_many_pixels(name, max_pixels, width=None, height=None):
    # Pillow's own bomb check may refuse the header before we learn its dimensions.
    dimensions = f"{width}×{height}" if width else _("远超上限")
    return LibraryUploadError(
        _("“%(name)s”的像素过多（%(dimensions)s），图片总像素不能超过 %(max)s 万，请缩小后再上传。")
        % {"name": name, "dimensions": dimensions, "max": max_pixels // 10_000}
    )


# Saving ---------------------------------------------------------------------------------------


def save_library_images(user, checked_uploads):
    """Store checked uploads in the member's collection; sizes are made in the background."""
    from .tasks import generate_product_renditions

    collection = member_collection(user)
    image_model = get_image_model()
    images = []
    with transaction.atomic():
        for upload in checked_uploads:
            image = image_model(
                title=upload.title, file=upload.file, collection=collection, uploaded_by_user=user
            )
            image.save()
            images.append(image)
    for image in images:
        # Enqueued after the rows exist; the database backend's worker picks it up later.
        generate_product_renditions.enqueue(image.pk)
    return images
