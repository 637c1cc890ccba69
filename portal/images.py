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
    if not raw and instance.file:
        enqueue_renditions(instance)
