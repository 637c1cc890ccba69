"""Members' own images: each member uploads into a collection of its own (see DESIGN.md)."""

from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection

MEMBERS_COLLECTION_NAME = "会员图片"
# Made at upload time so that public pages never render an image during a request.
LOGO_RENDITIONS = ("fill-96x96", "fill-200x200")


def members_root_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=MEMBERS_COLLECTION_NAME).first()
    return existing or root.add_child(name=MEMBERS_COLLECTION_NAME)


def member_collection(user):
    """The collection holding `user`'s uploads, created on first use."""
    parent = members_root_collection()
    name = f"{user.username}（#{user.pk}）"
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(name=name)


@transaction.atomic
def save_member_image(user, uploaded_file, title):
    """Store an uploaded (already validated) image in the member's collection, privately."""
    image = get_image_model()(
        title=title,
        file=uploaded_file,
        collection=member_collection(user),
        uploaded_by_user=user,
        # Private until the member's public page shows it (portal/image_storage.py).
        is_private=True,
    )
    image.save()
    image.get_renditions(*LOGO_RENDITIONS)
    return image
