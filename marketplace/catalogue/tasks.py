"""Background work of the marketplace (django-tasks: immediate in dev/tests, a worker in prod)."""

from django_tasks import task
from wagtail.images import get_image_model

from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS
from portal.images import place_renditions


@task()
def generate_product_renditions(image_id):
    """Make the whole product rendition set of one library image (R2.4), once.

    Public pages never render images; until this has run they show a placeholder.
    """
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted before the worker got to it
        return 0
    made = len(image.get_renditions(*PRODUCT_RENDITION_SPECS))
    if image.is_private:
        # The image may have been published or withdrawn while the sizes were being made.
        image.refresh_from_db(fields=["in_public_use"])
        place_renditions(image)
    return made
