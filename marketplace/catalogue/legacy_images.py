"""Once, on upgrade: members' images uploaded before decision 0013 made private too.

Such an image sits in a member's collection (under 会员图片) with `is_private = False`, its
original at a public, guessable name (`original_images/<upload name>`) and its renditions in
`images/`. `make_member_images_private` gives each one what a new upload gets:

1. the original is copied to a random private name (`private_original_name`), the row points
   there with `is_private = True`, then the old public file is deleted;
2. the old renditions (files and rows) are deleted: their names carry the upload's name, so they
   are made again from the private original. The sizes public pages read that it had (and those
   its products' descriptions need) are made right here, never in a request; the rest of the
   product set by the usual background task (`generate_product_renditions`);
3. descriptions of products that embedded an old address (of the original or of a rendition)
   get the new rendition's lasting private address instead (`stored_media_html`), which public
   pages switch to the public copy (`public_media_html`); an embedded original becomes its
   large size, as originals are never public;
4. `refresh_member_images` of the owner moves the sizes public records use to public storage.

Idempotent (only images not yet private are looked at). A missing original is logged and the
image left as it is, to be repaired once the file is restored; a missing rendition file is
simply not there to delete. Run by `manage.py privatise_member_images` (docs/deployment.md).
"""

import logging
from html import escape

from django.db import transaction
from django.db.models import Q
from wagtail.images import get_image_model
from wagtail.models import Collection

from marketplace.catalogue.image_visibility import CACHE_TAG, refresh_member_images
from marketplace.catalogue.images import size_spec
from marketplace.catalogue.models import EnterpriseProduct
from marketplace.members.media import MEMBERS_COLLECTION_NAME
from portal.cache import bump_content_version
from portal.image_storage import ImageStorage, copy_file, private_original_name, stored_media_html
from portal.images import public_member_rendition_specs

logger = logging.getLogger(__name__)

# What an embedded address of an original, or of a size public pages never read, becomes.
FALLBACK_DETAIL_SPEC = size_spec("large")


def legacy_member_images():
    """Images in members' collections that are not private yet."""
    root = Collection.get_first_root_node()
    parent = root and root.get_children().filter(name=MEMBERS_COLLECTION_NAME).first()
    if parent is None:
        return get_image_model().objects.none()
    return get_image_model().objects.filter(
        collection__in=parent.get_descendants(), is_private=False
    )


def make_member_images_private(images=None):
    """Make every legacy member image (or those of `images` that are) private; returns how many.

    `images`: optionally, images or their ids to limit the repair to.
    """
    candidates = legacy_member_images().order_by("pk")
    if images is not None:
        candidates = candidates.filter(pk__in=[getattr(image, "pk", image) for image in images])
    owners = set()
    repaired = 0
    for image in candidates:
        if _make_private(image):
            repaired += 1
            if image.uploaded_by_user_id is None:
                logger.warning("Member image %s has no uploader: not published anywhere.", image.pk)
            else:
                owners.add(image.uploaded_by_user_id)
    for owner_id in sorted(owners):
        refresh_member_images(owner_id)
    return repaired


def _make_private(image):
    from marketplace.catalogue.tasks import generate_product_renditions

    old_name = image.file.name
    new_name = private_original_name(old_name)
    if not copy_file(old_name, new_name):
        logger.warning(
            "Member image %s: original %r is missing; left as it is.", image.pk, old_name
        )
        return False

    public_specs = public_member_rendition_specs()
    old_renditions = list(image.renditions.all())
    # Old public address → the spec whose new rendition replaces it in descriptions.
    replacements = {image.file.url: FALLBACK_DETAIL_SPEC}
    for rendition in old_renditions:
        spec = rendition.filter_spec
        replacements[rendition.url] = spec if spec in public_specs else FALLBACK_DETAIL_SPEC
    products = _products_embedding(image, replacements)

    with transaction.atomic():
        type(image).objects.filter(pk=image.pk).update(file=new_name, is_private=True)
        type(image).get_rendition_model().objects.filter(image=image).delete()
    image = type(image).objects.get(pk=image.pk)  # private now, with no renditions
    storage = ImageStorage()
    storage.delete(old_name)
    for rendition in old_renditions:
        storage.delete(rendition.file.name)  # a name already gone is no error
        rendition.purge_from_cache()

    # Made now, outside any request: the public sizes it had and those descriptions need.
    keep = {r.filter_spec for r in old_renditions} & public_specs
    needed = {replacements[url] for product in products for url in _urls_in(product, replacements)}
    new_renditions = image.get_renditions(*sorted(keep | needed)) if keep | needed else {}
    changed = 0
    for product in products:
        description = product.description
        for url in _urls_in(product, replacements):
            new_url = stored_media_html(new_renditions[replacements[url]].url)
            description = description.replace(url, new_url).replace(escape(url), new_url)
        changed += EnterpriseProduct.objects.filter(pk=product.pk).update(description=description)
    if changed:
        bump_content_version(CACHE_TAG)
    generate_product_renditions.enqueue(image.pk)
    logger.info("Member image %s made private (%s descriptions rewritten).", image.pk, changed)
    return True


def _products_embedding(image, replacements):
    """The products whose description holds one of the old addresses (the owner's only: the
    description sanitiser admits no other member's images)."""
    urls = set(replacements) | {escape(url) for url in replacements}
    condition = Q()
    for url in urls:
        condition |= Q(description__contains=url)
    products = EnterpriseProduct.objects.filter(condition)
    if image.uploaded_by_user_id is not None:
        products = products.filter(enterprise__user_id=image.uploaded_by_user_id)
    return list(products.only("pk", "description"))


def _urls_in(product, replacements):
    return [
        url
        for url in replacements
        if url in product.description or escape(url) in product.description
    ]
