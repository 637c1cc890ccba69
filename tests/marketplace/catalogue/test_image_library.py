"""图片库 (R2.4): uploads, validation, background renditions, and each member's privacy."""

import pytest
from django.urls import reverse
from wagtail.images import get_image_model

from marketplace.catalogue.images import (
    LIBRARY_MAX_UPLOAD_SIZE,
    PRODUCT_RENDITION_SPECS,
    member_images,
)
from marketplace.members.factories import EnterpriseFactory
from marketplace.members.media import member_collection
from tests.marketplace.products_support import image_bytes, library_image, upload
from tests.portal.bad_files import bomb_png

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")

LIBRARY_URL = reverse("catalogue:center_image_library")
PICKER_URL = reverse("catalogue:center_image_picker")
Image = get_image_model()


def test_uploads_several_images_into_the_members_own_collection(enterprise_client, enterprise):
    response = enterprise_client.post(
        LIBRARY_URL,
        {
            "images": [
                upload("a.jpg"),
                upload("b.png", image_bytes(image_format="PNG"), "image/png"),
            ]
        },
    )
    assert response.status_code == 302
    images = list(member_images(enterprise.user))
    assert {image.title for image in images} == {"a", "b"}
    assert all(image.uploaded_by_user == enterprise.user for image in images)
    # The background task (immediate backend in tests) made the whole set at upload time.
    for image in images:
        assert set(image.renditions.values_list("filter_spec", flat=True)) >= set(
            PRODUCT_RENDITION_SPECS
        )
    page = enterprise_client.get(LIBRARY_URL).text
    assert "已上传 2 张图片" in page
    assert page.count("大图") >= 2 and "中图" in page and "小图" in page


def test_upload_answers_json_for_the_progress_script(enterprise_client):
    response = enterprise_client.post(
        LIBRARY_URL, {"images": [upload("c.jpg")]}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    bad = enterprise_client.post(
        LIBRARY_URL,
        {"images": [upload("fake.jpg", b"not an image at all")]},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 400
    assert "不是有效的图片文件" in bad.json()["errors"][0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.jpg", b"<?php echo 'hello'; ?>" * 20, "不是有效的图片文件"),
        ("bomb.png", bomb_png(), "20000×20000 像素超过上限 4000 万像素"),
        ("big.png", bomb_png(7000, 7000), "7000×7000 像素超过上限"),
        ("huge.jpg", b"\xff\xd8" + b"0" * (LIBRARY_MAX_UPLOAD_SIZE + 1), "单张图片不能超过 10 MB"),
        ("anim.bmp", image_bytes(image_format="BMP"), "格式（BMP）不支持"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(enterprise_client, name, content, message):
    before = Image.objects.count()
    response = enterprise_client.post(
        LIBRARY_URL, {"images": [upload("ok.jpg"), upload(name, content)]}
    )
    assert response.status_code == 400
    assert message in response.text
    assert "图片未上传" in response.text
    assert Image.objects.count() == before  # all or nothing


def test_truncated_image_is_refused(enterprise_client):
    truncated = image_bytes(1200, 900)[:2000]
    response = enterprise_client.post(LIBRARY_URL, {"images": [upload("cut.jpg", truncated)]})
    assert response.status_code == 400
    assert "不是有效的图片文件" in response.text


def test_no_file_is_a_form_error(enterprise_client):
    response = enterprise_client.post(LIBRARY_URL, {})
    assert response.status_code == 400
    assert "请选择要上传的图片" in response.text


def test_members_never_see_each_others_images(client, enterprise):
    mine = library_image(enterprise.user, "mine.jpg")
    other = EnterpriseFactory()
    theirs = library_image(other.user, "theirs.jpg")
    client.force_login(enterprise.user)
    for url in (LIBRARY_URL, PICKER_URL):
        text = client.get(url).text
        assert "mine" in text and "theirs" not in text
    # Deleting someone else's image by id: 404, and it survives.
    assert (
        client.post(reverse("catalogue:center_image_delete", args=[theirs.pk])).status_code == 404
    )
    assert Image.objects.filter(pk=theirs.pk).exists()
    assert client.post(reverse("catalogue:center_image_delete", args=[mine.pk])).status_code == 302
    assert not Image.objects.filter(pk=mine.pk).exists()


def test_picker_offers_img_code_at_the_chosen_width(enterprise_client, enterprise):
    library_image(enterprise.user, "wide.jpg", width=800, height=400)
    text = enterprise_client.get(PICKER_URL, {"width": "300"}).text
    assert 'width="300" height="150"' in text
    # Nonsense widths fall back to the default.
    assert enterprise_client.get(PICKER_URL, {"width": "abc"}).status_code == 200


def test_library_is_for_members_only(client, admin_user):
    urls = [LIBRARY_URL, PICKER_URL]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    # Staff and other accounts have no library of their own.
    client.force_login(admin_user)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(LIBRARY_URL, {"images": [upload()]}).status_code == 403


def test_institutions_have_their_own_library(client, institution, enterprise):
    client.force_login(institution.user)
    page = client.get(LIBRARY_URL).text
    assert "服务产品的封面图片" in page
    # 图片库 is in the institution's menu.
    assert f'href="{LIBRARY_URL}" aria-current="page"' in page
    response = client.post(LIBRARY_URL, {"images": [upload("inst.jpg")]})
    assert response.status_code == 302
    (image,) = member_images(institution.user)
    assert image.title == "inst" and image.uploaded_by_user == institution.user
    assert set(image.renditions.values_list("filter_spec", flat=True)) >= set(
        PRODUCT_RENDITION_SPECS
    )
    # Each member account has its own collection: the enterprise sees nothing of it.
    assert image.collection == member_collection(institution.user)
    assert image.collection != member_collection(enterprise.user)
    assert not member_images(enterprise.user).exists()
    client.force_login(enterprise.user)
    assert "inst" not in client.get(LIBRARY_URL).text
    assert client.post(reverse("catalogue:center_image_delete", args=[image.pk])).status_code == 404
    assert Image.objects.filter(pk=image.pk).exists()
