"""Images members uploaded before their images became private are made private on upgrade.

A legacy image: in the member's collection, `is_private = False`, its original at
`original_images/<upload name>` and its renditions in `images/`, all in public media, and a
published product showing it (main image, and embedded in its description by address).
`make_member_images_private` (and `manage.py privatise_member_images`) must leave nothing of it
at a public address, keep the product page showing it, and change nothing when run again.
"""

import logging
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve
from wagtail.images import get_image_model

from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS, size_spec
from marketplace.catalogue.legacy_images import make_member_images_private
from marketplace.members.media import member_collection
from tests.marketplace.products_support import category_tree, image_bytes, make_product, upload

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")

UPLOAD_STEM = "公司大楼照片"
ASCII_STEM = "GongSiDaLouZhaoPian"  # what Wagtail's legacy name made of it


def media_files(root):
    root = Path(root)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def serve_public_media(url):
    """What the public media server (nginx/CDN in production) answers for `url`."""
    path = url.removeprefix(settings.MEDIA_URL)
    request = RequestFactory().get(url)
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except Http404:
        return 404
    # Not `response.close()`: that signals the end of a request, which closes the test's
    # database connection.
    response.file_to_stream.close()
    return response.status_code


def legacy_image(user, name=f"{UPLOAD_STEM}.png"):
    """Saved as uploads were before decision 0013, with the product sizes made."""
    image = get_image_model()(
        title=UPLOAD_STEM,
        file=upload(name, image_bytes(image_format="PNG"), "image/png"),
        collection=member_collection(user),
        uploaded_by_user=user,
    )
    image.save()
    image.get_renditions(*PRODUCT_RENDITION_SPECS)
    return image


@pytest.fixture
def categories(db):
    return category_tree()


@pytest.fixture
def legacy(enterprise, categories):
    image = legacy_image(enterprise.user)
    large = image.renditions.get(filter_spec=size_spec("large"))
    product = make_product(
        enterprise,
        categories[1],
        images=[image],
        description=(
            f'<p>外观</p><p><img src="{large.url}" width="300"></p>'
            f'<p><img src="{image.file.url}" alt="原图"></p>'
        ),
    )
    old_urls = [image.file.url, *(r.url for r in image.renditions.all())]
    return image, product, old_urls


def snapshot(image, product):
    image.refresh_from_db()
    product.refresh_from_db()
    return (
        image.file.name,
        image.is_private,
        image.in_public_use,
        sorted(image.renditions.values_list("filter_spec", "file")),
        product.description,
        media_files(settings.MEDIA_ROOT),
        media_files(settings.PRIVATE_MEDIA_ROOT),
    )


def test_a_legacy_image_is_made_private_and_its_product_still_shows_it(
    client, enterprise, legacy, django_capture_on_commit_callbacks
):
    image, product, old_urls = legacy
    assert image.file.name.startswith("original_images/")
    for url in old_urls:
        assert url.startswith(settings.MEDIA_URL)
        assert serve_public_media(url) == 200, url
    editorial = get_image_model().objects.create(
        title="首页横幅", file=upload("banner.jpg"), collection=image.collection.get_parent()
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert make_member_images_private() == 1

    # Nothing of it is left at a public address, under its old names or its upload name.
    public = media_files(settings.MEDIA_ROOT)
    for url in old_urls:
        assert serve_public_media(url) == 404, url
        assert url.removeprefix(settings.MEDIA_URL) not in public
    assert not any(ASCII_STEM in name for name in public)
    assert old_urls[0] == f"{settings.MEDIA_URL}original_images/{ASCII_STEM}.png"
    # Its original is private, at a random name.
    image.refresh_from_db()
    assert image.is_private
    assert image.file.name.startswith("members/originals/")
    assert ASCII_STEM not in image.file.name
    assert image.file.name.endswith(".png")
    assert image.file.name in media_files(settings.PRIVATE_MEDIA_ROOT)
    assert image.file.name not in public
    assert client.get(image.file.url).status_code == 404  # anonymous
    # Its product sizes are made again, public while the published product shows it.
    assert image.in_public_use
    renditions = {r.filter_spec: r.file.name for r in image.renditions.all()}
    assert set(PRODUCT_RENDITION_SPECS) <= set(renditions)
    for spec in PRODUCT_RENDITION_SPECS:
        assert renditions[spec].startswith("member-images/"), spec
        assert renditions[spec] in public

    # The description holds the new lasting (private) address; the page shows the public copy.
    product.refresh_from_db()
    large = renditions[size_spec("large")]
    new_address = "/center/media/members/renditions/" + large.removeprefix("member-images/")
    assert product.description.count(f'src="{new_address}"') == 2
    assert "原图" in product.description and "外观" in product.description
    for url in old_urls:
        assert url not in product.description
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    assert f'<img src="{settings.MEDIA_URL}{large}"' in page.text
    assert "/center/media/" not in page.text
    assert not any(url in page.text for url in old_urls)
    # The owner's own pages keep working with the private addresses.
    client.force_login(enterprise.user)
    assert client.get(image.file.url).status_code == 200
    # Editorial images are not members' images: untouched.
    editorial.refresh_from_db()
    assert not editorial.is_private
    assert editorial.file.name.startswith("original_images/")


def test_running_it_again_changes_nothing(legacy, django_capture_on_commit_callbacks):
    image, product, _old_urls = legacy
    with django_capture_on_commit_callbacks(execute=True):
        make_member_images_private()
    before = snapshot(image, product)
    with django_capture_on_commit_callbacks(execute=True):
        assert make_member_images_private() == 0
        out = StringIO()
        call_command("privatise_member_images", stdout=out)
    assert "0 / 0" in out.getvalue()
    assert snapshot(image, product) == before


def test_a_missing_original_is_logged_and_skipped(
    enterprise, caplog, django_capture_on_commit_callbacks
):
    lost = legacy_image(enterprise.user, "丢失.png")
    Path(settings.MEDIA_ROOT, lost.file.name).unlink()
    kept = legacy_image(enterprise.user, "保留.png")

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("privatise_member_images", stdout=out)

    assert "1 / 2" in out.getvalue()
    assert "missing" in caplog.text
    # (Not `refresh_from_db`: an image field reads a missing file's dimensions on load.)
    lost_row = get_image_model().objects.values("is_private", "file").get(pk=lost.pk)
    # Left as it was, to be repaired on a later run once the file is back.
    assert lost_row == {"is_private": False, "file": lost.file.name}
    kept.refresh_from_db()
    assert kept.is_private and kept.file.name.startswith("members/originals/")
    # Not used by a public record: all of it private.
    assert all(r.file.name.startswith("members/renditions/") for r in kept.renditions.all())
