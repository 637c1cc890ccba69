from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    get_rendition_upload_to,
    get_upload_to,
)
from wagtail.search import index

from portal.api_fields import PregeneratedRenditionField
from portal.image_storage import (
    PRIVATE_RENDITIONS,
    PUBLIC_RENDITIONS,
    image_storage,
    private_original_name,
)

# Kept in step with portal.images.API_RENDITIONS (generated in the background on save).
API_RENDITION_FIELDS = [
    APIField("thumbnail", serializer=PregeneratedRenditionField("fill-400x300")),
    APIField("large", serializer=PregeneratedRenditionField("max-1200x1200")),
]


class CustomImage(AbstractImage):
    """The portal's image: editorial images and members' product images alike.

    Custom from day 0 (swapping later means a data migration); `alt_text` is what screen readers
    read when the title is not a good description.

    A member's upload (`is_private`) keeps its original in private storage under a random name
    for good; its renditions stay private too, except those public pages use while a public
    record uses the image (`in_public_use`, kept by `marketplace.catalogue.image_visibility`).
    See portal/image_storage.py and decision 0013.
    """

    file = WagtailImageField(
        verbose_name=_("文件"),
        upload_to=get_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
    )
    alt_text = models.CharField(_("替代文字"), max_length=255, blank=True)
    is_private = models.BooleanField(
        _("会员私有图片"),
        default=False,
        editable=False,
        help_text=_("会员上传的图片：原图不公开，只有公开内容使用的尺寸才公开。"),
    )
    in_public_use = models.BooleanField(
        _("公开内容使用中"),
        default=False,
        editable=False,
        help_text=_("已发布的产品、服务或公开的会员主页正使用此图片。"),
    )

    # The images API filters members' uploads out, searches included.
    search_fields = [*AbstractImage.search_fields, index.FilterField("is_private")]
    admin_form_fields = (*Image.admin_form_fields, "alt_text")
    api_fields = [APIField("alt_text"), *API_RENDITION_FIELDS]

    class Meta(AbstractImage.Meta):
        verbose_name = _("图片")
        verbose_name_plural = _("图片")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title

    def get_upload_to(self, filename):
        if self.is_private:
            return private_original_name(filename)
        return super().get_upload_to(filename)


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")
    file = WagtailImageField(
        upload_to=get_rendition_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        if not self.image.is_private:
            return super().get_upload_to(filename)
        from portal.images import rendition_is_public

        filename = self.file.field.storage.get_valid_name(filename)
        folder = PUBLIC_RENDITIONS if rendition_is_public(self) else PRIVATE_RENDITIONS
        return folder + filename
