"""Taxonomy names show in cached page fragments (filters, list rows), so edits must refresh them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from policies.models import Industry, IssuingBody, PolicyCategory
from portal.cache import PAGES, bump_content_version


@receiver(post_save, sender=IssuingBody)
@receiver(post_save, sender=PolicyCategory)
@receiver(post_save, sender=Industry)
@receiver(post_delete, sender=IssuingBody)
@receiver(post_delete, sender=PolicyCategory)
@receiver(post_delete, sender=Industry)
def taxonomy_changed(sender, **kwargs):
    bump_content_version(PAGES)
