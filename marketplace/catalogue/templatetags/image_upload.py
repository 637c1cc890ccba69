"""`{% image_uploader %}`: the 上传图片 control of the product and service forms and the picker.

Hidden until `marketplace-image-upload.js` shows it (it only works with the script); without
JavaScript the forms keep their link to the 图片库.
"""

from django import template

from marketplace.catalogue.images import LIBRARY_ACCEPT
from marketplace.catalogue.views.center.images import LibraryUploadForm

register = template.Library()


@register.inclusion_tag("marketplace/center/includes/image_uploader.html", takes_context=True)
def image_uploader(context, choices, select="", select_max="", input_id="inplace-upload"):
    """`choices`: the id of the list new images go into (from its `<template>`); `select`:
    "several" (tick them while fewer than `select_max` are ticked, as 产品主图), "one" (pick the
    first if none is picked, as 封面图片) or "" (the picker)."""
    return {
        "csrf_token": context.get("csrf_token"),
        "choices": choices,
        "select": select,
        "select_max": select_max,
        "input_id": input_id,
        "accept": LIBRARY_ACCEPT,
        "help_text": LibraryUploadForm.base_fields["images"].help_text,
    }


# Filled in by the script for each uploaded image: "__id__" and "__title__" in attributes, the
# title's text in `[data-choice-title]`.
UPLOADED_CHOICE = {
    "image": {"pk": "__id__", "title": "__title__"},
    "urls": {},
    "ready": False,
    "checked": False,
    "order": "",
}


@register.simple_tag
def uploaded_choice():
    """The entry a form's `<template>` of a new choice is rendered with."""
    return UPLOADED_CHOICE
