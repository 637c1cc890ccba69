"""A member image's renditions are public exactly while a public record uses the image.

Published product → its main and detail images' public sizes are in public media and its page
shows them; withdrawn or deleted → gone from public media again. The same for a service's cover
and a member's logo. Originals never leave private storage.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS, size_spec
from marketplace.catalogue.models import EnterpriseProduct
from marketplace.members.media import LOGO_RENDITIONS, save_member_image
from portal.image_storage import public_rendition_name
from tests.marketplace.catalogue_helpers import approved_institution, make_category
from tests.marketplace.catalogue_helpers import make_product as make_service
from tests.marketplace.products_support import (
    category_tree,
    library_image,
    make_product,
    upload,
)

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")


def public_media_files():
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def rendition_names(image, specs):
    return {r.filter_spec: r.file.name for r in image.renditions.filter(filter_spec__in=specs)}


def assert_public(image, specs):
    names = rendition_names(image, specs)
    assert set(names) == set(specs)
    for name in names.values():
        assert name.startswith("member-images/"), name
        assert name in public_media_files()
    image.refresh_from_db()
    assert image.in_public_use
    assert image.file.name.startswith("members/originals/")
    assert image.file.name not in public_media_files()


def assert_private(image):
    image.refresh_from_db()
    assert not image.in_public_use
    media = public_media_files()
    for rendition in image.renditions.all():
        assert rendition.file.name.startswith("members/renditions/"), rendition.filter_spec
        assert public_rendition_name(rendition.file.name) not in media
        assert Path(settings.PRIVATE_MEDIA_ROOT, rendition.file.name).is_file()


@pytest.fixture
def categories(db):
    return category_tree()


def test_publishing_a_product_publishes_its_sizes_and_withdrawing_hides_them(
    client, enterprise, categories, django_capture_on_commit_callbacks
):
    cover, unused = library_image(enterprise.user, "a.jpg"), library_image(enterprise.user, "b.jpg")
    detail = library_image(enterprise.user, "c.jpg", color="#2e7d32")
    detail_src = detail.get_rendition(size_spec("large")).url
    assert detail_src.startswith("/center/media/members/renditions/")
    assert_private(cover)

    with django_capture_on_commit_callbacks(execute=True):
        product = make_product(
            enterprise,
            categories[1],
            images=[cover],
            description=f'<p><img src="{detail_src}" width="300"></p>',
        )
    assert_public(cover, PRODUCT_RENDITION_SPECS)
    assert_public(detail, [size_spec("large")])
    assert_private(unused)
    # Sizes public pages never read stay private (the images API's, the admin's).
    cover.refresh_from_db()
    api_size = cover.get_rendition("fill-400x300")
    # A public size made again while the product is public is made in public media at once.
    cover.renditions.filter(filter_spec=size_spec("medium")).delete()
    assert cover.get_rendition(size_spec("medium")).file.name.startswith("member-images/")
    assert api_size.file.name.startswith("members/renditions/")

    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    cover_large = cover.renditions.get(filter_spec=size_spec("large")).file.name
    assert f'src="{settings.MEDIA_URL}{cover_large}"' in page.text
    detail_large = detail.renditions.get(filter_spec=size_spec("large")).file.name
    assert f'<img src="{settings.MEDIA_URL}{detail_large}"' in page.text
    assert "/center/media/" not in page.text
    # The stored description keeps the address that does not move.
    product.refresh_from_db()
    assert detail_src in product.description
    api = client.get(f"/api/v2/products/{product.pk}/").json()
    assert f"{settings.MEDIA_URL}{detail_large}" in api["description"]

    with django_capture_on_commit_callbacks(execute=True):
        product.withdraw()
    for image in (cover, detail, unused):
        assert_private(image)
    assert client.get(product.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        product.relist()
    assert_public(cover, PRODUCT_RENDITION_SPECS)
    with django_capture_on_commit_callbacks(execute=True):
        EnterpriseProduct.objects.filter(pk=product.pk).get().delete()
    assert_private(cover)
    assert_private(detail)


def test_the_product_form_keeps_detail_images_at_their_lasting_address(
    enterprise_client, enterprise, categories, django_capture_on_commit_callbacks
):
    cover = library_image(enterprise.user, "a.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product(enterprise, categories[1], images=[cover])
    public_src = cover.renditions.get(filter_spec=size_spec("large")).url
    assert public_src.startswith(settings.MEDIA_URL + "member-images/")
    # The picker offered the public address while the image was public: it is stored privately.
    with django_capture_on_commit_callbacks(execute=True):
        response = enterprise_client.post(
            reverse("catalogue:center_product_edit", args=[product.pk]),
            {
                "name": product.name,
                "unit": "台",
                "description": f'<p><img src="{public_src}" width="300"></p>',
                "main_images": [cover.pk],
            },
        )
    assert response.status_code == 302
    product.refresh_from_db()
    private_src = "/center/media/members/renditions/" + public_src.rsplit("/", 1)[1]
    assert f'<img src="{private_src}" alt="" width="300">' in product.description


def test_changing_a_main_image_of_a_published_product_hides_the_old_one(
    enterprise_client, enterprise, categories, django_capture_on_commit_callbacks
):
    old, new = library_image(enterprise.user, "a.jpg"), library_image(enterprise.user, "b.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product(enterprise, categories[1], images=[old])
    assert_public(old, PRODUCT_RENDITION_SPECS)
    with django_capture_on_commit_callbacks(execute=True):
        response = enterprise_client.post(
            reverse("catalogue:center_product_edit", args=[product.pk]),
            {"name": product.name, "unit": "台", "description": "", "main_images": [new.pk]},
        )
    assert response.status_code == 302
    assert_public(new, PRODUCT_RENDITION_SPECS)
    assert_private(old)


def test_a_services_cover_is_public_while_the_service_is(
    client, changsha, django_capture_on_commit_callbacks
):
    institution = approved_institution(changsha)
    cover = library_image(institution.user, "cover.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        service = make_service(institution, make_category(), cover=cover)
    assert_public(cover, PRODUCT_RENDITION_SPECS)
    page = client.get(service.get_absolute_url()).text
    thumbnail = cover.renditions.get(filter_spec=size_spec("thumbnail")).file.name
    assert f"{settings.MEDIA_URL}{thumbnail}" in page
    with django_capture_on_commit_callbacks(execute=True):
        service.unpublish()
    assert_private(cover)


def test_a_logo_is_public_while_its_member_is_and_until_it_is_replaced(
    client, changsha, django_capture_on_commit_callbacks
):
    institution = approved_institution(changsha)
    first = save_member_image(institution.user, upload("logo.png"), "机构标志")
    with django_capture_on_commit_callbacks(execute=True):
        institution.logo = first
        institution.save()
    assert_public(first, LOGO_RENDITIONS)
    page = client.get(reverse("members:institution_detail", args=[institution.pk])).text
    logo = first.renditions.get(filter_spec="fill-200x200").file.name
    assert f"{settings.MEDIA_URL}{logo}" in page

    second = save_member_image(institution.user, upload("logo2.png"), "机构标志")
    with django_capture_on_commit_callbacks(execute=True):
        institution.logo = second
        institution.save()
    assert_private(first)
    assert_public(second, LOGO_RENDITIONS)

    with django_capture_on_commit_callbacks(execute=True):
        institution.user.is_active = False
        institution.user.save(update_fields=["is_active"])
    assert_private(second)


def test_an_unapproved_institutions_logo_stays_private(
    institution, django_capture_on_commit_callbacks
):
    logo = save_member_image(institution.user, upload("logo.png"), "机构标志")
    with django_capture_on_commit_callbacks(execute=True):
        institution.logo = logo
        institution.save()
    assert_private(logo)
