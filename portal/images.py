"""Editorial image renditions: a fixed set, made in the background when an image is saved.

Public requests (pages, the images API) only ever *read* renditions; the `images` API shows
`null` for a size not generated yet rather than rendering it inside the request.
`manage.py generate_renditions` back-fills images saved before a size was added.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_tasks import task
from wagtail.images import get_image_model

# The sizes the API offers for every image (and that editorial templates may rely on).
API_RENDITIONS = {
    "thumbnail": "fill-400x300",
    "large": "max-1200x1200",
}


@task()
def generate_renditions(image_id, filter_specs):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        image.get_renditions(*filter_specs)


def enqueue_renditions(image, filter_specs=None):
    specs = list(filter_specs or API_RENDITIONS.values())
    # After commit: the worker must see the saved file and row.
    transaction.on_commit(lambda: generate_renditions.enqueue(image.pk, specs))


@receiver(post_save, sender=get_image_model())
def _image_saved(sender, instance, raw=False, **kwargs):
    # Members' uploads are not in the images API (they are private): no API sizes for them.
    if not raw and instance.file and not instance.is_private:
        enqueue_renditions(instance)


# Members' images: which renditions public pages may read ------------------------------------
# A member's upload is private (portal/image_storage.py); while a public record uses it, the
# renditions of the specs registered here live in public storage. The apps that show member
# images on public pages register the specs those pages read, in their AppConfig.ready().

_public_member_rendition_specs = set()


def register_public_rendition_specs(*filter_specs):
    _public_member_rendition_specs.update(filter_specs)


def public_member_rendition_specs():
    return frozenset(_public_member_rendition_specs)


def rendition_is_public(rendition):
    """Where a rendition of a member's image belongs now: public storage or private."""
    image = rendition.image
    return bool(
        image.is_private
        and image.in_public_use
        and rendition.filter_spec in _public_member_rendition_specs
    )


def place_renditions(image):
    """Move the image's renditions to where they belong now (`rendition_is_public`).

    Each file is copied to its new name, the row updated and the old file deleted; Wagtail's
    rendition cache is purged so nobody reads the old name. Returns the number moved.
    """
    from portal.image_storage import (
        is_private_name,
        move_file,
        private_rendition_name,
        public_rendition_name,
    )

    if not image.is_private:
        return 0
    moved = 0
    for rendition in image.renditions.all():
        rendition.image = image
        name = rendition.file.name
        want_public = rendition_is_public(rendition)
        if want_public == (not is_private_name(name)):
            continue
        new_name = public_rendition_name(name) if want_public else private_rendition_name(name)
        if move_file(name, new_name):
            type(rendition).objects.filter(pk=rendition.pk).update(file=new_name)
            moved += 1
        rendition.purge_from_cache()
    return moved


def set_public_use(image, in_public_use):
    """Record whether a public record uses this member image, and place its renditions so."""
    if image.in_public_use != in_public_use:
        image.in_public_use = in_public_use
        type(image).objects.filter(pk=image.pk).update(in_public_use=in_public_use)
    return place_renditions(image)
