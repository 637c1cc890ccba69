"""Rich text and StreamField in API answers, usable as given by an app.

Wagtail's `html` rich-text format (`WAGTAILAPI_RICH_TEXT_FORMAT`) leaves links site-relative
(`/policies/…`, `/documents/…`) and renders each embedded image's size during the request. Here:

- links and image sources are absolute (the API's base URL, `portal.api_urls.absolute_url`);
- an embedded image shows the pre-generated large API size (`portal.images.API_RENDITIONS`),
  read only; an image whose size is not made yet is left out;
- an image block of a StreamField carries its pre-generated sizes inline (url, width, height,
  alt), beside its id, so an app needs no second request.

What the rich text and image blocks of *all* the pages of a response point at (linked pages,
documents, images, renditions) is fetched once per response (`LinkedMedia`), so a listing with
`fields=body` runs the same queries for 10 pages or 100. Other output formats
(`?rich_text_format=db_html|markdown|…`) are Wagtail's own, unchanged.
"""

import re
from collections import defaultdict

from django.utils.html import escape
from wagtail import blocks
from wagtail import fields as wagtail_fields
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.serializers import PageSerializer, RichTextFieldSerializer, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.images.formats import get_image_format
from wagtail.rich_text import EmbedHandler, features
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    FIND_EMBED_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)

from portal.api_absolute_urls import RequestPageHtmlUrlField
from portal.api_urls import absolute_url
from portal.images import API_RENDITIONS

EMBED_SIZE = "large"
# `href="/…"` and `src="/…"` written by the link and embed handlers (never `//host`).
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
_CONTEXT_KEY = "_portal_linked_media"


class ImageEmbedHandler(EmbedHandler):
    """`<embed embedtype="image">` as an `<img>` of a pre-generated size (see `LinkedMedia`)."""

    identifier = "image"

    @staticmethod
    def get_model():
        return get_image_model()


def _with_objects(handler, objects):
    """`handler` whose look-ups read `objects` ({str(id): object}, fetched beforehand)."""

    class Prefetched(handler):
        @classmethod
        def get_many(cls, attrs_list):
            missing = [attrs for attrs in attrs_list if str(attrs.get("id")) not in objects]
            if missing:  # text not seen by the pre-pass (should not happen): fetch it now
                for attrs, obj in zip(missing, handler.get_many(missing), strict=True):
                    objects[str(attrs.get("id"))] = obj
            return [objects.get(str(attrs.get("id"))) for attrs in attrs_list]

    return Prefetched


class LinkedMedia:
    """The pages, documents, images and renditions that some rich texts and image blocks point
    at, fetched in a fixed number of queries; and the rewriter that reads them."""

    def __init__(self, request, sources, block_image_ids):
        self.request = request
        link_attrs, embed_attrs = defaultdict(list), defaultdict(list)
        for source in sources:
            for match in FIND_A_TAG.finditer(source):
                attrs = extract_attrs(match.group(1))
                if "linktype" in attrs:
                    link_attrs[attrs["linktype"]].append(attrs)
            for match in FIND_EMBED_TAG.finditer(source):
                attrs = extract_attrs(match.group(1))
                embed_attrs[attrs.get("embedtype")].append(attrs)

        link_handlers = {
            name: _with_objects(handler, self._fetch(handler, link_attrs.get(name)))
            for name, handler in features.get_link_types().items()
        }
        embed_handlers = {**features.get_embed_types(), "image": ImageEmbedHandler}
        embed_objects = {
            name: self._fetch(handler, embed_attrs.get(name))
            for name, handler in embed_handlers.items()
        }
        embed_handlers = {
            name: _with_objects(handler, embed_objects[name])
            for name, handler in embed_handlers.items()
        }
        image_ids = {int(pk) for pk, image in embed_objects["image"].items() if image}
        self.renditions = self._fetch_renditions(image_ids | set(block_image_ids))

        embedded_image_handler = embed_handlers["image"]
        self.rewriter = MultiRuleRewriter(
            [
                LinkRewriter(
                    bulk_rules={
                        name: handler.expand_db_attributes_many
                        for name, handler in link_handlers.items()
                    }
                ),
                EmbedRewriter(
                    bulk_rules={
                        **{
                            name: handler.expand_db_attributes_many
                            for name, handler in embed_handlers.items()
                        },
                        "image": lambda attrs_list: self._image_tags(
                            attrs_list, embedded_image_handler.get_many(attrs_list)
                        ),
                    }
                ),
            ]
        )

    @staticmethod
    def _fetch(handler, attrs_list):
        if not attrs_list:
            return {}
        return {
            str(attrs.get("id")): obj
            for attrs, obj in zip(attrs_list, handler.get_many(attrs_list), strict=True)
        }

    @staticmethod
    def _fetch_renditions(image_ids):
        found = defaultdict(dict)
        if not image_ids:
            return found
        renditions = (
            get_image_model()
            .get_rendition_model()
            .objects.filter(image_id__in=image_ids, filter_spec__in=list(API_RENDITIONS.values()))
            .order_by("pk")  # the newest of a size wins (a focal point changed since)
        )
        for rendition in renditions:
            found[rendition.image_id][rendition.filter_spec] = rendition
        return found

    def size(self, image_id, name, alt):
        rendition = self.renditions.get(image_id, {}).get(API_RENDITIONS[name])
        if rendition is None:
            return None
        return {
            "url": absolute_url(self.request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": alt,
        }

    def sizes(self, image_id, alt):
        return {name: self.size(image_id, name, alt) for name in API_RENDITIONS}

    def _image_tags(self, attrs_list, images):
        tags = []
        for attrs, image in zip(attrs_list, images, strict=True):
            size = self.size(image.pk, EMBED_SIZE, attrs.get("alt", "")) if image else None
            if size is None:
                tags.append("")  # not made yet: never rendered during a request
                continue
            classname = get_image_format(attrs.get("format", "")).classname or ""
            tags.append(
                '<img src="{}" width="{}" height="{}" alt="{}"{}>'.format(
                    escape(size["url"]),
                    size["width"],
                    size["height"],
                    escape(size["alt"]),
                    f' class="{escape(classname)}"' if classname else "",
                )
            )
        return tags

    def expand(self, source):
        """Database rich text as HTML an app can show: absolute links, pre-generated images."""
        if not source:
            return ""
        html = self.rewriter(source)
        return _RELATIVE_URL.sub(
            lambda match: f'{match.group(1)}{escape(absolute_url(self.request, match.group(2)))}"',
            html,
        )


def expand_rich_text(source, request):
    """One rich text on its own (the site endpoint's home intro)."""
    return LinkedMedia(request, [source or ""], set()).expand(source)


# Collecting what a response's pages point at, from their stored data ------------------------


def _collect(block, raw, sources, image_ids):
    if isinstance(block, ImageBlock):
        image_id = raw.get("image") if isinstance(raw, dict) else raw
        if image_id:
            image_ids.add(int(image_id))
    elif isinstance(block, blocks.RichTextBlock):
        sources.append(raw or "")
    elif isinstance(block, blocks.StreamBlock):
        for item in raw or []:
            if child := block.child_blocks.get(item.get("type")):
                _collect(child, item.get("value"), sources, image_ids)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            _collect(child, (raw or {}).get(name), sources, image_ids)
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            # Stored list items are {"type": "item", "value": …, "id": …} (older data: bare).
            value = item.get("value") if isinstance(item, dict) and "value" in item else item
            _collect(block.child_block, value, sources, image_ids)


def _linked_media(field):
    """The response's `LinkedMedia`, built on first use from every serialized object."""
    context = field.context
    if _CONTEXT_KEY not in context:
        instances = field.root.instance
        if not isinstance(instances, list | tuple):
            instances = list(instances) if hasattr(instances, "__iter__") else [instances]
        sources, image_ids = [], set()
        model_fields = [
            f.source
            for f in field.parent.fields.values()
            if isinstance(f, PortalStreamField | PortalRichTextFieldSerializer)
        ]
        for instance in instances:
            for name in model_fields:
                value = getattr(instance, name, None)
                if isinstance(value, blocks.StreamValue):
                    raw = list(value.raw_data)
                    _collect(value.stream_block, raw, sources, image_ids)
                elif value:
                    sources.append(str(value))
        context[_CONTEXT_KEY] = LinkedMedia(context.get("request"), sources, image_ids)
    return context[_CONTEXT_KEY]


def _format(context):
    if rich_text_format := context.get("_wagtail_rich_text_format"):
        return rich_text_format
    request = context.get("request")
    return APIRichText.resolve_format(request.GET.get("rich_text_format") if request else None)


class PortalRichTextFieldSerializer(RichTextFieldSerializer):
    def to_representation(self, value):
        if _format(self.context) != APIRichText.FORMAT_HTML:
            return super().to_representation(value)
        return _linked_media(self).expand(str(value))


class PortalStreamField(StreamField):
    """A StreamField as Wagtail gives it, with rich text expanded for apps and image blocks
    carrying their pre-generated sizes."""

    def to_representation(self, value):
        if _format(self.context) != APIRichText.FORMAT_HTML:
            return super().to_representation(value)
        return _represent(value.stream_block, value, _linked_media(self), self.context)


def _image_block(raw, media):
    """An image block from its stored value: its id, alt text and sizes, no image query."""
    if not isinstance(raw, dict):
        raw = {"image": raw, "decorative": False, "alt_text": ""}
    decorative = bool(raw.get("decorative"))
    alt = "" if decorative else (raw.get("alt_text") or "")
    image_id = raw.get("image")
    return {
        "image": image_id,
        "decorative": decorative,
        "alt_text": alt,
        **(media.sizes(int(image_id), alt) if image_id else dict.fromkeys(API_RENDITIONS)),
    }


def _represent(block, value, media, context):
    if isinstance(block, blocks.RichTextBlock):
        return media.expand(value.source if value else "")
    if isinstance(block, blocks.StreamBlock):
        represented = []
        for index, raw in enumerate(value.raw_data):
            child_block = block.child_blocks.get(raw["type"])
            if isinstance(child_block, ImageBlock):
                # From the stored data: converting it would look the image up, page by page.
                child_value = _image_block(raw["value"], media)
            else:
                child_value = _represent(child_block, value[index].value, media, context)
            represented.append({"type": raw["type"], "value": child_value, "id": raw.get("id")})
        return represented
    if isinstance(block, ImageBlock):
        if value is None:
            return None
        alt = "" if getattr(value, "decorative", False) else (value.contextual_alt_text or "")
        return {
            **block.get_api_representation(value, context=context),
            **media.sizes(value.pk, alt),
        }
    if isinstance(block, blocks.StructBlock):
        return {
            name: _represent(block.child_blocks[name], child_value, media, context)
            for name, child_value in value.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [_represent(block.child_block, item, media, context) for item in value]
    return block.get_api_representation(value, context=context)


class PortalPageSerializer(PageSerializer):
    """Wagtail's page serializer with the fields above for every StreamField and rich text."""

    html_url = RequestPageHtmlUrlField(read_only=True)

    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        wagtail_fields.StreamField: PortalStreamField,
        wagtail_fields.RichTextField: PortalRichTextFieldSerializer,
    }
