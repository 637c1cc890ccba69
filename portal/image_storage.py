"""Where image files live: editorial images in public media, members' uploads in private storage.

The `file` fields of `CustomImage` and `CustomRendition` use `ImageStorage`, which routes by the
file's name: names under `members/` go to the private storage (`STORAGES["private"]`: outside
MEDIA_ROOT, a private bucket on S3), everything else to the default, public storage. A private
name's URL is a Django view (`portal.views.member_image_file`) that streams the file to its owner
and to staff only; everyone else gets 404. Both storages are looked up on every call, so test
settings and `override_settings(STORAGES=...)` apply.

Member image names (decision 0013):
- original: `members/originals/<random token>.<ext>` (never the uploaded file's name);
- rendition while private: `members/renditions/<Wagtail's rendition name>`;
- rendition while a public page uses it: `member-images/<the same rendition name>`, in public
  storage, so the proxy/CDN serves it. The two rendition names map one to one, so an address in
  a product description can be switched between them by text alone (`public_media_html`).
"""

import re
import secrets
from pathlib import PurePath

from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible

PRIVATE_PREFIX = "members/"
PRIVATE_ORIGINALS = "members/originals/"
PRIVATE_RENDITIONS = "members/renditions/"
PUBLIC_RENDITIONS = "member-images/"
# Rendition file names are Wagtail's: the original's token, the filter spec, the extension.
_RENDITION_NAME = r"[A-Za-z0-9_.\-]+"


def is_private_name(name):
    return (name or "").startswith(PRIVATE_PREFIX)


def private_original_name(filename):
    """An unguessable name for a member's upload; only a lower-cased extension is kept."""
    extension = PurePath(filename or "").suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", extension):
        extension = ""
    return f"{PRIVATE_ORIGINALS}{secrets.token_urlsafe(18)}{extension}"


def public_rendition_name(private_name):
    return PUBLIC_RENDITIONS + private_name.removeprefix(PRIVATE_RENDITIONS)


def private_rendition_name(public_name):
    return PRIVATE_RENDITIONS + public_name.removeprefix(PUBLIC_RENDITIONS)


@deconstructible(path="portal.image_storage.ImageStorage")
class ImageStorage(Storage):
    """Routes each call to the private or the public storage by the name's prefix."""

    @staticmethod
    def private():
        return storages["private"]

    @staticmethod
    def public():
        return storages["default"]

    def _for(self, name):
        return self.private() if is_private_name(name) else self.public()

    # Names are made by the models' `get_upload_to`; these only keep them valid.
    def get_valid_name(self, name):
        return self.public().get_valid_name(name)

    def generate_filename(self, filename):
        return self._for(filename).generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self._for(name).get_available_name(name, max_length=max_length)

    def save(self, name, content, max_length=None):
        return self._for(name).save(name, content, max_length=max_length)

    def _open(self, name, mode="rb"):
        return self._for(name).open(name, mode)

    def delete(self, name):
        return self._for(name).delete(name)

    def exists(self, name):
        return self._for(name).exists(name)

    def size(self, name):
        return self._for(name).size(name)

    def path(self, name):
        return self._for(name).path(name)

    def listdir(self, path):
        return self._for(path).listdir(path)

    def get_modified_time(self, name):
        return self._for(name).get_modified_time(name)

    def get_created_time(self, name):
        return self._for(name).get_created_time(name)

    def get_accessed_time(self, name):
        return self._for(name).get_accessed_time(name)

    def url(self, name):
        if is_private_name(name):
            return private_file_url(name)
        return self.public().url(name)


def image_storage():
    return ImageStorage()


def private_file_url(name):
    return reverse("member_image_file", kwargs={"name": name})


def copy_file(old_name, new_name):
    """Copy `old_name` to exactly `new_name` (in whichever storage each routes to), keeping the
    old file. Returns False when the old file is gone (nothing to copy)."""
    storage = ImageStorage()
    try:
        handle = storage.open(old_name, "rb")
    except (FileNotFoundError, OSError):
        return False
    with handle:
        if storage.exists(new_name):
            storage.delete(new_name)
        stored = storage.save(new_name, handle)
    if stored != new_name:  # a storage that renamed it anyway: never leave a stray copy
        storage.delete(stored)
        raise OSError(f"storage renamed {new_name!r} to {stored!r}")
    return True


def move_file(old_name, new_name):
    """Copy `old_name` to exactly `new_name`, then delete the old file. Returns False when the
    old file is gone (nothing to move)."""
    if not copy_file(old_name, new_name):
        return False
    ImageStorage().delete(old_name)
    return True


# Addresses inside rich text (product descriptions keep detail images as <img src>) ---------------


def _private_rendition_url_pattern():
    prefix = private_file_url(PRIVATE_RENDITIONS + "x").removesuffix("x")
    return re.compile(re.escape(prefix) + f"({_RENDITION_NAME})")


def _public_rendition_url_pattern():
    prefix = ImageStorage.public().url(PUBLIC_RENDITIONS + "x").removesuffix("x")
    return re.compile(re.escape(prefix) + f"({_RENDITION_NAME})")


def stored_media_html(html):
    """Rich text as stored: every member rendition address in its private form (the one that
    does not change when the image is published or withdrawn)."""
    if not html:
        return html
    return _public_rendition_url_pattern().sub(
        lambda match: private_file_url(PRIVATE_RENDITIONS + match.group(1)), html
    )


def public_media_html(html):
    """Stored rich text for a public page: member rendition addresses in their public form.

    Pure text (no query): the images a public record's text uses are published with it
    (`marketplace.catalogue.image_visibility`).
    """
    if not html:
        return html
    public = ImageStorage.public()
    return _private_rendition_url_pattern().sub(
        lambda match: public.url(PUBLIC_RENDITIONS + match.group(1)), html
    )


def rendition_names_in_html(html):
    """The private rendition names whose addresses (either form) `html` contains."""
    names = set()
    for pattern in (_private_rendition_url_pattern(), _public_rendition_url_pattern()):
        names.update(PRIVATE_RENDITIONS + match for match in pattern.findall(html or ""))
    return names
