"""Absolute URLs in API answers: an app on another origin cannot resolve "/media/…".

Wagtail's page `html_url` comes from the default site (seeded from BASE_URL by `seed_demo`),
`detail_url` and documents' `download_url` from `WAGTAILAPI_BASE_URL`, renditions' `full_url` from
`WAGTAILADMIN_BASE_URL`; only an image's `download_url` is the storage's bare URL, made absolute
here the way Wagtail makes a document's.
"""

from django.urls import NoReverseMatch
from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import Field
from wagtail.api.v2.serializers import PageHtmlUrlField
from wagtail.api.v2.utils import get_full_url


@extend_schema_field({"type": "string", "format": "uri"})
class AbsoluteImageDownloadUrlField(Field):
    """The original image file's URL, absolute (a storage URL that already is stays as it is)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return get_full_url(self.context["request"], image.file.url)


@extend_schema_field({"type": "string", "format": "uri", "description": "页面在网站上的地址"})
class RequestPageHtmlUrlField(PageHtmlUrlField):
    """Wagtail's `html_url`, with the site root paths read once per request, not once per page
    (Wagtail's `page.full_url` reads them from the cache for every page of a listing)."""

    def to_representation(self, page):
        try:
            return page.get_full_url(request=self.context.get("request"))
        except NoReverseMatch:
            return None
