"""Helpers shared by the image-library and product tests: real uploads and ready products."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from marketplace.catalogue.images import check_library_upload, save_library_images
from marketplace.catalogue.models import EnterpriseProduct, EnterpriseProductImage, ProductCategory


@pytest.fixture
def collection_root(db):
    """Wagtail's root collection (made by its migrations, which `--nomigrations` skips)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def image_bytes(width=640, height=480, color="#0a4b9c", image_format="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content if content is not None else image_bytes(), content_type)


def library_image(user, name="photo.jpg", **kwargs):
    """An image in `user`'s library with its renditions made (as the upload task does)."""
    (image,) = save_library_images(
        user, [check_library_upload(upload(name, image_bytes(**kwargs)))]
    )
    return image


def category_tree():
    """装备制造 › 工程机械 and 电子信息 (a leaf root)."""
    equipment = ProductCategory.add_root(name="装备制造", sort_order=1)
    machinery = equipment.add_child(name="工程机械", sort_order=1)
    electronics = ProductCategory.add_root(name="电子信息", sort_order=2)
    return equipment, machinery, electronics


def make_product(enterprise, category, *, images=(), **fields):
    fields.setdefault("name", "智能挖掘机")
    product = EnterpriseProduct.objects.create(enterprise=enterprise, category=category, **fields)
    for index, image in enumerate(images):
        EnterpriseProductImage.objects.create(product=product, image=image, sort_order=index)
    return product
