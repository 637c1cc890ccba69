from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from portal.api_fields import PregeneratedRenditionField

# Kept in step with portal.images.API_RENDITIONS (generated in the background on save).
API_RENDITION_FIELDS = [
    APIField("thumbnail", serializer=PregeneratedRenditionField("fill-400x300")),
    APIField("large", serializer=PregeneratedRenditionField("max-1200x1200")),
]


class CustomImage(AbstractImage):
    """The portal's image: editorial images and members' product images alike.

    Custom from day 0 (swapping later means a data migration); `alt_text` is what screen readers
    read when the title is not a good description.
    """

    alt_text = models.CharField(_("替代文字"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "alt_text")
    api_fields = [APIField("alt_text"), *API_RENDITION_FIELDS]

    class Meta(AbstractImage.Meta):
        verbose_name = _("图片")
        verbose_name_plural = _("图片")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
