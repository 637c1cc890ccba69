"""Which of a member's private images public pages use, and putting their renditions there.

A member's uploads live in private storage (portal/image_storage.py, decision 0013). An image is
*in public use* while one of these shows it to people other than its owner:

- a product of `EnterpriseProduct.objects.public()`: its main images and the detail images in
  its description;
- a service of `ServiceProduct.objects.public()`: its cover;
- the member's directory entry: an enterprise with an active account (the 企业信息 directory, for
  signed-in members), an institution of `Institution.objects.approved()`: its logo.

Then the renditions public pages read (`portal.images.public_member_rendition_specs`, registered
by `CatalogueConfig.ready`) move to public storage, where the proxy/CDN serves them; when that
ends (withdrawn, taken down, deleted, unpublished, logo changed, account disabled) they move
back. Originals never leave private storage.

Rather than tracking which image each transition touches, any save or delete of a product,
service, member, qualification or account re-decides *all* of that member's private images
after the transaction commits (`schedule_refresh`; deciding again is cheap and changes nothing
when nothing changed). Files move after commit, so a rolled-back transaction never moves one;
public fragments are retired again once files have moved.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model

from marketplace.catalogue.models import EnterpriseProduct, EnterpriseProductImage, ServiceProduct
from marketplace.members.models import Enterprise, Institution, Qualification
from portal.cache import bump_content_version
from portal.image_storage import public_rendition_name, rendition_names_in_html
from portal.images import set_public_use

CACHE_TAG = "marketplace"


def publicly_used_image_ids(user_id):
    """Ids of the images of `user_id`'s member that public pages show now."""
    used = set()
    products = EnterpriseProduct.objects.public().filter(enterprise__user_id=user_id)
    used.update(
        EnterpriseProductImage.objects.filter(product__in=products).values_list(
            "image_id", flat=True
        )
    )
    detail_names = set()
    for description in products.exclude(description="").values_list("description", flat=True):
        detail_names |= rendition_names_in_html(description)
    if detail_names:
        rendition_model = get_image_model().get_rendition_model()
        names = detail_names | {public_rendition_name(name) for name in detail_names}
        used.update(
            rendition_model.objects.filter(file__in=names).values_list("image_id", flat=True)
        )
    used.update(
        ServiceProduct.objects.public()
        .filter(institution__user_id=user_id, cover__isnull=False)
        .values_list("cover_id", flat=True)
    )
    used.update(
        Enterprise.objects.filter(
            user_id=user_id, user__is_active=True, logo__isnull=False
        ).values_list("logo_id", flat=True)
    )
    used.update(
        Institution.objects.approved()
        .filter(user_id=user_id, logo__isnull=False)
        .values_list("logo_id", flat=True)
    )
    return used


def refresh_member_images(user_id):
    """Decide every private image of the member again and move what must move."""
    used = publicly_used_image_ids(user_id)
    images = get_image_model().objects.filter(uploaded_by_user_id=user_id, is_private=True)
    moved = 0
    for image in images.prefetch_related("renditions"):
        moved += set_public_use(image, image.pk in used)
    if moved:
        # Fragments rendered between the commit and the move hold the old addresses.
        bump_content_version(CACHE_TAG)
    return moved


def schedule_refresh(user_id):
    """Re-decide the member's images once the current transaction has committed."""
    if user_id is not None:
        transaction.on_commit(partial(refresh_member_images, user_id))


# What can change whether an image is in public use ------------------------------------------


def _user_of_enterprise(enterprise_id):
    return Enterprise.objects.filter(pk=enterprise_id).values_list("user_id", flat=True).first()


def _user_of_institution(institution_id):
    return Institution.objects.filter(pk=institution_id).values_list("user_id", flat=True).first()


@receiver(post_save, sender=EnterpriseProduct)
@receiver(post_delete, sender=EnterpriseProduct)
def _product_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_refresh(_user_of_enterprise(instance.enterprise_id))


@receiver(post_save, sender=EnterpriseProductImage)
@receiver(post_delete, sender=EnterpriseProductImage)
def _main_image_changed(sender, instance, raw=False, **kwargs):
    # Inside a product's transaction this repeats the product's own refresh; outside one (a
    # script adding images to a published product) it is the only one.
    if not raw:
        product = EnterpriseProduct.objects.filter(pk=instance.product_id)
        schedule_refresh(product.values_list("enterprise__user_id", flat=True).first())


@receiver(post_save, sender=ServiceProduct)
@receiver(post_delete, sender=ServiceProduct)
@receiver(post_save, sender=Qualification)
@receiver(post_delete, sender=Qualification)
def _institution_record_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_refresh(_user_of_institution(instance.institution_id))


@receiver(post_save, sender=Enterprise)
@receiver(post_delete, sender=Enterprise)
@receiver(post_save, sender=Institution)
@receiver(post_delete, sender=Institution)
def _member_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_refresh(instance.user_id)


@receiver(post_save, sender=get_user_model())
def _account_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    # Logging in saves `last_login` only; enabling or disabling an account saves `is_active`.
    if not raw and (update_fields is None or "is_active" in update_fields):
        schedule_refresh(instance.pk)
