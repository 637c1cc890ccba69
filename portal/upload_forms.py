"""Wagtail's image and document forms with the portal's upload check (`portal.uploads`).

Set as WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE, so every Wagtail upload
path — the admin's add, edit, multiple upload and chooser, and the images API — refuses what the
member centre refuses, before Willow reads the file.
"""

from django.conf import settings
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from portal.uploads import DOCUMENT_KINDS, IMAGE_KINDS, KINDS, validate_upload


def _allowed(kinds, extensions):
    extensions = {f".{extension.lower()}" for extension in extensions}
    return tuple(key for key in kinds if extensions & set(KINDS[key].extensions))


class PortalImageFileField(WagtailImageField):
    def to_python(self, data):
        if data:
            kinds = _allowed(IMAGE_KINDS, self.allowed_image_extensions)
            validate_upload(data, kinds=kinds, max_bytes=self.max_upload_size)
        return super().to_python(data)


class PortalDocumentFileField(WagtailDocumentField):
    def to_python(self, data):
        if data:
            # Only the kinds portal.uploads can check: an extension it does not know is refused.
            extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
            kinds = _allowed(DOCUMENT_KINDS, extensions) if extensions else DOCUMENT_KINDS
            validate_upload(data, kinds=kinds, max_bytes=self.max_upload_size)
        return super().to_python(data)


def _replace_file_field(form, field_class):
    # The multiple-upload edit forms have no file field; the others get ours in place of
    # Wagtail's (same label, widget and requiredness). Not a declared field: ModelForms always
    # include declared fields, which would add a file to those edit forms.
    field = form.fields.get("file")
    if field is None or isinstance(field, field_class):
        return
    form.fields["file"] = field_class(
        label=field.label, required=field.required, widget=field.widget, initial=field.initial
    )


class PortalImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _replace_file_field(self, PortalImageFileField)


class PortalDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _replace_file_field(self, PortalDocumentFileField)
