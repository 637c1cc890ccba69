"""Members' uploads are theirs alone: random names, private storage, served to the owner only.

「上传的图片只有您自己能看到和选用」 (图片库): an image no public record uses is not in public media
at all, and its private URL answers 404 to anyone but its owner and staff.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import APIToken

from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from portal.factories import ImageFactory
from tests.marketplace.products_support import collection_root, library_image

pytestmark = pytest.mark.usefixtures("collection_root")
__all__ = ["collection_root"]

Image = get_image_model()


def public_media_files():
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def private_media_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def owner(db):
    return EnterpriseFactory(user__username="owner-ent").user


@pytest.fixture
def unused_image(owner):
    return library_image(owner, "商业计划-secret.jpg")


def every_file_name(image):
    return [image.file.name, *image.renditions.values_list("file", flat=True)]


def test_uploads_get_random_private_names_never_the_uploaded_file_name(owner):
    first = library_image(owner, "商业计划-secret.jpg")
    second = library_image(owner, "商业计划-secret.jpg")
    assert first.title == "商业计划-secret"  # the title still helps the member find it
    assert first.file.name != second.file.name
    for image in (first, second):
        assert image.is_private and not image.in_public_use
        for name in every_file_name(image):
            assert name.startswith("members/")
            assert "secret" not in name and "商业计划" not in name
        assert image.file.name.startswith("members/originals/")
        assert image.file.name.endswith(".jpg")
    # Nothing of theirs under MEDIA_ROOT; everything in the private folder.
    names = every_file_name(first) + every_file_name(second)
    assert not set(names) & public_media_files()
    assert set(names) <= private_media_files()
    assert not any("secret" in name for name in public_media_files())


def test_an_unused_images_original_and_renditions_are_404_to_anyone_but_the_owner(
    client, owner, unused_image
):
    specs = set(unused_image.renditions.values_list("filter_spec", flat=True))
    assert specs >= set(PRODUCT_RENDITION_SPECS)  # the set the background task made
    urls = [unused_image.file.url] + [r.url for r in unused_image.renditions.all()]
    assert all(url.startswith("/center/media/members/") for url in urls)
    other_enterprise = EnterpriseFactory().user
    other_institution = InstitutionFactory().user

    for url in urls:
        assert client.get(url).status_code == 404, url  # anonymous
        # Nor at the address public media would have.
        name = url.removeprefix("/center/media/")
        assert client.get(settings.MEDIA_URL + name).status_code == 404
    for stranger in (other_enterprise, other_institution):
        client.force_login(stranger)
        for url in urls:
            assert client.get(url).status_code == 404, (stranger, url)

    client.force_login(owner)
    thumbnail = unused_image.get_rendition("format-jpeg|fill-200x200")
    response = client.get(thumbnail.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get(unused_image.file.url).status_code == 200
    # A name that is nobody's, or outside the members' folder: the same 404.
    assert client.get("/center/media/members/originals/nothing.jpg").status_code == 404
    assert client.get("/center/media/../settings.py").status_code == 404


def test_the_member_api_token_opens_the_owners_images(client, owner, unused_image):
    _token_row, token = APIToken.create_token(user=owner, name="手机")
    thumbnail = unused_image.get_rendition("format-jpeg|fill-200x200")
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get(thumbnail.url, headers=auth).status_code == 200
    _other_row, other_token = APIToken.create_token(user=EnterpriseFactory().user, name="手机")
    other = {"Authorization": f"Bearer {other_token}"}
    assert client.get(thumbnail.url, headers=other).status_code == 404
    assert client.get(thumbnail.url, headers={"Authorization": "Bearer junk"}).status_code == 404


def test_staff_see_member_images_in_the_admin(client, admin_user, unused_image):
    client.force_login(admin_user)
    assert client.get(unused_image.file.url).status_code == 200
    listing = client.get(reverse("wagtailimages:index"))
    assert listing.status_code == 200
    # The admin's thumbnail of the member's image is private, and shown to staff.
    rendition = unused_image.renditions.get(filter_spec="max-165x165")
    assert rendition.file.name.startswith("members/renditions/")
    assert rendition.url in listing.text
    assert client.get(rendition.url).status_code == 200


def test_editorial_images_stay_in_public_media(db):
    image = ImageFactory(file__filename="banner.jpg")
    assert not image.is_private
    assert image.file.name.startswith("original_images/")
    assert image.file.name in public_media_files()
    assert image.file.url == settings.MEDIA_URL + image.file.name


def test_the_images_api_never_lists_members_uploads(client, unused_image):
    editorial = ImageFactory(title="政策图解")
    titles = [item["title"] for item in client.get("/api/v2/images/").json()["items"]]
    assert editorial.title in titles
    assert unused_image.title not in titles
    assert client.get(f"/api/v2/images/{unused_image.pk}/").status_code == 404
