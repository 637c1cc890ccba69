"""API serializer fields shared by the portal's endpoints."""

from rest_framework.fields import Field
from wagtail.images.models import Filter


class PregeneratedRenditionField(Field):
    """Serialises an existing rendition (url, width, height, alt) or None; never renders one."""

    def __init__(self, filter_spec, **kwargs):
        self.filter_spec = filter_spec
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, image):
        rendition = image.find_existing_renditions(Filter(self.filter_spec)).get(
            Filter(self.filter_spec)
        )
        if rendition is None:
            return None
        return {
            "url": rendition.url,
            "full_url": rendition.full_url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": rendition.alt,
        }
