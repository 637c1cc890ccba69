"""上传图片 in place (issue 22): the member centre's JSON endpoint the product form, the service
form and the picker upload through, and the library's newest-first order in every list."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model

from marketplace.catalogue.images import (
    LIBRARY_MAX_FILES_PER_UPLOAD,
    LIBRARY_MAX_UPLOAD_SIZE,
    PRODUCT_RENDITION_SPECS,
    member_images,
)
from marketplace.members.factories import EnterpriseFactory
from marketplace.members.media import member_collection
from portal.factories import UserFactory
from tests.marketplace.catalogue_helpers import approved_institution
from tests.marketplace.products_support import category_tree, image_bytes, library_image, upload
from tests.member_api import MemberApp
from tests.portal.bad_files import bomb_png

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")

UPLOAD_URL = reverse("catalogue:center_image_upload")
STATUS_URL = reverse("catalogue:center_image_status")
Image = get_image_model()


def post_files(client, *files, **headers):
    return client.post(
        UPLOAD_URL, {"images": list(files)}, headers={"Accept": "application/json", **headers}
    )


# Uploading ------------------------------------------------------------------------------------


def test_owner_uploads_two_files_into_its_library(enterprise_client, enterprise):
    png = upload("b.png", image_bytes(image_format="PNG"), "image/png")
    response = post_files(enterprise_client, upload("a.jpg"), png)
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] is True and body["errors"] == []
    assert [image["title"] for image in body["images"]] == ["a", "b"]
    images = list(member_images(enterprise.user))
    assert {image.pk for image in images} == {image["id"] for image in body["images"]}
    assert all(image.collection == member_collection(enterprise.user) for image in images)
    assert all(image.uploaded_by_user == enterprise.user for image in images)
    # The immediate task backend made the sizes during the request: the choice can show them.
    first = body["images"][0]
    assert first["ready"] is True
    thumbnail = Image.objects.get(pk=first["id"]).renditions.get(
        filter_spec="format-jpeg|fill-200x200"
    )
    assert first["urls"]["thumbnail"] == thumbnail.url
    assert set(first["urls"]) == {"large", "medium", "thumbnail"}
    # They are in the 图片库 page too.
    library = enterprise_client.get(reverse("catalogue:center_image_library")).text
    assert "我的图片（2 张）" in library


def test_institution_uploads_into_its_own_library(client, changsha):
    institution = approved_institution(changsha)
    client.force_login(institution.user)
    response = post_files(client, upload("fengmian.jpg"))
    assert response.status_code == 201
    (image,) = member_images(institution.user)
    assert image.title == "fengmian"
    assert image.collection == member_collection(institution.user)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.jpg", b"<?php echo 'hello'; ?>" * 20, "不是有效的图片文件"),
        ("bomb.png", bomb_png(), "20000×20000 像素超过上限 4000 万像素"),
        ("huge.jpg", b"\xff\xd8" + b"0" * (LIBRARY_MAX_UPLOAD_SIZE + 1), "单张图片不能超过 10 MB"),
        ("anim.bmp", image_bytes(image_format="BMP"), "格式（BMP）不支持"),
    ],
)
def test_a_bad_file_is_refused_with_its_reason(
    enterprise_client, enterprise, name, content, message
):
    response = post_files(enterprise_client, upload(name, content))
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["images"] == []
    (error,) = body["errors"]
    assert error["name"] == name and message in error["message"]
    assert not member_images(enterprise.user).exists()


def test_a_bad_file_does_not_stop_the_good_ones(enterprise_client, enterprise):
    response = post_files(
        enterprise_client, upload("good.jpg"), upload("fake.jpg", b"not an image at all")
    )
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] is False
    assert [image["title"] for image in body["images"]] == ["good"]
    assert [error["name"] for error in body["errors"]] == ["fake.jpg"]
    assert "不是有效的图片文件" in body["errors"][0]["message"]
    assert [image.title for image in member_images(enterprise.user)] == ["good"]


def test_too_many_files_are_refused_before_any_is_looked_at(enterprise_client, enterprise):
    files = [upload(f"{index}.jpg", b"x") for index in range(LIBRARY_MAX_FILES_PER_UPLOAD + 1)]
    response = post_files(enterprise_client, *files)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "一次最多上传 20 张图片。"
    assert not member_images(enterprise.user).exists()


def test_no_file_is_refused(enterprise_client):
    response = enterprise_client.post(UPLOAD_URL, {}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "请选择要上传的图片。"


def test_only_post_is_answered(enterprise_client):
    response = enterprise_client.get(UPLOAD_URL)
    assert response.status_code == 405
    assert response.json()["errors"][0]["message"] == "不支持该请求方式。"


# Who may upload --------------------------------------------------------------------------------


def test_anonymous_and_non_members_are_refused(client, admin_user):
    response = post_files(client, upload())
    assert response.status_code == 403
    assert "请重新登录" in response.json()["errors"][0]["message"]
    assert client.get(STATUS_URL, {"ids": "1"}).status_code == 403
    # Staff and plain accounts have no library.
    for user in (admin_user, UserFactory()):
        client.force_login(user)
        response = post_files(client, upload())
        assert response.status_code == 403
        assert "只有企业和服务机构会员" in response.json()["errors"][0]["message"]
    assert not Image.objects.exists()


def test_csrf_token_is_required(enterprise):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(enterprise.user)
    assert post_files(browser, upload("a.jpg")).status_code == 403
    assert not member_images(enterprise.user).exists()
    # With the token the product form carries (the script sends it as X-CSRFToken).
    browser.get(reverse("catalogue:center_image_library"))
    token = browser.cookies["csrftoken"].value
    assert post_files(browser, upload("a.jpg"), X_CSRFToken=token).status_code == 201
    assert member_images(enterprise.user).count() == 1


def test_the_endpoint_is_not_in_the_api_schema(client):
    schema = client.get("/api/v2/schema/", headers={"Accept": "application/json"})
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/center/images/upload/" not in text and "/center/images/status/" not in text


# Sizes made in the background ----------------------------------------------------------------


def test_status_tells_when_the_sizes_are_ready(enterprise_client, enterprise):
    pending = library_image(enterprise.user, "pending.jpg")
    pending.renditions.all().delete()  # as if the background task had not run yet
    ready = library_image(enterprise.user, "ready.jpg")
    theirs = library_image(EnterpriseFactory().user, "theirs.jpg")
    response = enterprise_client.get(
        STATUS_URL, {"ids": f"{pending.pk},{ready.pk},{theirs.pk},abc,²,99999999999999999999"}
    )
    assert response.status_code == 200
    images = {image["id"]: image for image in response.json()["images"]}
    assert set(images) == {pending.pk, ready.pk}  # another member's image is not told of
    assert images[pending.pk]["ready"] is False and images[pending.pk]["urls"] == {}
    assert images[ready.pk]["ready"] is True and images[ready.pk]["urls"]["thumbnail"]
    assert len(PRODUCT_RENDITION_SPECS) == ready.renditions.count()


def test_forms_show_a_pending_image_as_processing(enterprise_client, enterprise):
    pending = library_image(enterprise.user, "pending.jpg")
    pending.renditions.all().delete()
    _, machinery, _ = category_tree()
    page = enterprise_client.get(
        reverse("catalogue:center_product_create"), {"category": machinery.pk}
    ).text
    item = page[page.index(f'data-image-id="{pending.pk}"') :]
    assert item.index("处理中") < item.index("</li>")


# The forms and the picker carry the control --------------------------------------------------


def test_product_form_offers_in_place_upload_and_keeps_the_library_link(
    enterprise_client, enterprise
):
    _, machinery, _ = category_tree()
    page = enterprise_client.get(
        reverse("catalogue:center_product_create"), {"category": machinery.pk}
    ).text
    assert "上传图片" in page
    assert f'data-upload-url="{UPLOAD_URL}"' in page
    assert 'data-choices="main-image-choices" data-select="several" data-select-max="10"' in page
    assert 'type="file"' in page and "multiple" in page
    # Hidden without JavaScript: the link to the 图片库 is what works then.
    assert "data-inplace-upload" in page and " hidden>" in page
    assert reverse("catalogue:center_image_library") in page
    # The choice a new image gets, filled in by the script.
    assert '<template data-choice-template="main-image-choices">' in page
    assert 'value="__id__"' in page and 'name="main_image_order___id__"' in page
    assert "js/marketplace-image-upload" in page


def test_service_form_and_picker_offer_in_place_upload(client, changsha):
    institution = approved_institution(changsha)
    client.force_login(institution.user)
    page = client.get(reverse("catalogue:center_service_product_add")).text
    assert 'data-choices="cover-choices" data-select="one"' in page
    assert '<template data-choice-template="cover-choices">' in page
    assert reverse("catalogue:center_image_library") in page
    picker = client.get(reverse("catalogue:center_image_picker")).text
    assert 'data-choices="picker-choices"' in picker
    assert '<template data-choice-template="picker-choices">' in picker


# Newest first, everywhere ----------------------------------------------------------------------


def test_every_list_of_the_library_is_newest_first(client, enterprise):
    """The order is by upload time, not by id: every list must go through `member_images`."""
    titles = ["oldest", "newest", "middle"]  # made in this order, so ids do not follow time
    images = {title: library_image(enterprise.user, f"{title}.jpg") for title in titles}
    now = timezone.now()
    for hours, title in ((3, "oldest"), (1, "middle"), (0, "newest")):
        Image.objects.filter(pk=images[title].pk).update(
            created_at=now - datetime.timedelta(hours=hours)
        )
    expected = ["newest", "middle", "oldest"]

    def order_in(text, marker):
        return sorted(titles, key=lambda title: text.index(marker(images[title])))

    client.force_login(enterprise.user)
    _, machinery, _ = category_tree()
    pages = {
        "图片库": client.get(reverse("catalogue:center_image_library")).text,
        "浏览服务器": client.get(reverse("catalogue:center_image_picker")).text,
        "发布产品": client.get(
            reverse("catalogue:center_product_create"), {"category": machinery.pk}
        ).text,
    }
    for name, text in pages.items():
        assert order_in(text, lambda image: f'data-image-id="{image.pk}"') == expected, name

    api = MemberApp(client).login(enterprise.user.username, "portal-pass-2026")
    listing = api.get("/api/v2/me/images/").json()
    assert [item["title"] for item in listing["items"]] == expected


def test_service_form_choices_are_newest_first(client, changsha):
    institution = approved_institution(changsha)
    older = library_image(institution.user, "older.jpg")
    newer = library_image(institution.user, "newer.jpg")
    Image.objects.filter(pk=newer.pk).update(created_at=timezone.now())
    Image.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(institution.user)
    page = client.get(reverse("catalogue:center_service_product_add")).text
    assert page.index(f'data-image-id="{newer.pk}"') < page.index(f'data-image-id="{older.pk}"')


def test_upload_answer_is_json_even_for_a_missing_body(enterprise_client):
    response = enterprise_client.post(
        UPLOAD_URL, json.dumps({"images": []}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "请选择要上传的图片。"
