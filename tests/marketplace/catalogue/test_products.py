"""Enterprise products in the member centre (R2.2–R2.5): who may publish, and how."""

import pytest
from django.urls import reverse

from marketplace.catalogue.images import size_spec
from marketplace.catalogue.models import EnterpriseProduct
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from tests.marketplace.products_support import (
    category_tree,
    library_image,
    make_product,
)

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")

CREATE_URL = reverse("catalogue:center_product_create")
CENTER_PRODUCTS_URL = reverse("catalogue:center_products")
PROFILE_URL = reverse("members:center_enterprise_profile")


@pytest.fixture
def categories(db):
    return category_tree()


def product_data(**overrides):
    data = {
        "name": "智能挖掘机 XE60",
        "summary": "小型液压挖掘机",
        "price": "",
        "unit": "台",
        "specifications": "额定功率：36 kW\n整机重量：6 吨",
        "description": "<p>节能高效</p>",
    }
    data.update(overrides)
    return data


def test_incomplete_profile_cannot_publish(client, categories):
    _equipment, machinery, _electronics = categories
    enterprise = EnterpriseFactory(credit_code="", introduction="")
    client.force_login(enterprise.user)
    for response in (
        client.get(CREATE_URL),
        client.get(CREATE_URL, {"category": machinery.pk}),
        client.post(CREATE_URL, {"category": machinery.pk, **product_data()}),
    ):
        assert response.status_code == 200
        assert "未填写资料的企业不能发布产品" in response.text
        assert f'href="{PROFILE_URL}"' in response.text
        assert "统一社会信用代码" in response.text  # what is missing
    assert not EnterpriseProduct.objects.exists()
    listing = client.get(CENTER_PRODUCTS_URL).text
    assert "未填写资料的企业不能发布产品" in listing and CREATE_URL not in listing


def test_category_comes_first(enterprise_client, categories):
    equipment, machinery, electronics = categories
    tree = enterprise_client.get(CREATE_URL).text
    assert f'href="?category={machinery.pk}"' in tree
    assert f'href="?category={electronics.pk}"' in tree  # a root without children is a leaf
    assert f'href="?category={equipment.pk}"' not in tree  # has children: not selectable
    form = enterprise_client.get(CREATE_URL, {"category": machinery.pk})
    assert form.status_code == 200
    assert 'data-testid="chosen-category">工程机械<' in form.text
    assert enterprise_client.get(CREATE_URL, {"category": equipment.pk}).status_code == 404
    assert enterprise_client.get(CREATE_URL, {"category": "abc"}).status_code == 404
    assert enterprise_client.get(CREATE_URL, {"category": 99999}).status_code == 404


def test_publish_with_ordered_main_images_and_a_detail_image(
    enterprise_client, enterprise, categories
):
    machinery = categories[1]
    first, second, unused = (library_image(enterprise.user, f"{n}.jpg") for n in "abc")
    detail_src = first.get_rendition(size_spec("large")).url
    other = EnterpriseFactory()
    foreign_src = library_image(other.user, "x.jpg").get_rendition(size_spec("large")).url
    description = (
        f'<p>亮点</p><p><img src="{detail_src}" width="300" height="225" alt="细节"></p>'
        f'<p><img src="{foreign_src}" width="300"></p><script>alert(1)</script>'
    )
    response = enterprise_client.post(
        CREATE_URL,
        {
            "category": machinery.pk,
            **product_data(description=description, price="128000.00"),
            "main_images": [first.pk, second.pk],
            # The second image is the cover: order numbers decide, not the checkbox order.
            f"main_image_order_{first.pk}": "2",
            f"main_image_order_{second.pk}": "1",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "产品“智能挖掘机 XE60”已发布" in response.text
    product = EnterpriseProduct.objects.get()
    assert product.status == EnterpriseProduct.Status.PUBLISHED
    assert product.enterprise == enterprise and product.category == machinery
    assert [item.image for item in product.ordered_images] == [second, first]
    assert f'<img src="{detail_src}" alt="细节" width="300" height="225">' in product.description
    assert foreign_src not in product.description and "script" not in product.description
    # Live at once, no review (R2.2).
    public = enterprise_client.get(product.get_absolute_url())
    assert public.status_code == 200
    assert 'width="300"' in public.text


def test_cannot_pick_another_members_image(enterprise_client, categories):
    theirs = library_image(EnterpriseFactory().user, "theirs.jpg")
    response = enterprise_client.post(
        CREATE_URL,
        {"category": categories[1].pk, **product_data(), "main_images": [theirs.pk]},
    )
    assert response.status_code == 400
    assert "所选图片不在您的图片库中" in response.text
    assert "theirs" not in response.text
    assert not EnterpriseProduct.objects.exists()


def test_main_image_is_required_and_bad_input_is_a_form_error(enterprise_client, categories):
    response = enterprise_client.post(
        CREATE_URL, {"category": categories[1].pk, **product_data(name="", price="abc")}
    )
    assert response.status_code == 400
    assert "请至少选择一张主图" in response.text
    assert not EnterpriseProduct.objects.exists()
    response = enterprise_client.post(
        CREATE_URL, {"category": categories[1].pk, **product_data(), "main_images": ["x"]}
    )
    assert response.status_code == 400


def test_owner_edits_withdraws_relists_and_deletes(enterprise_client, enterprise, categories):
    image = library_image(enterprise.user)
    product = make_product(enterprise, categories[1], images=[image])
    edit_url = reverse("catalogue:center_product_edit", args=[product.pk])
    form = enterprise_client.get(edit_url).text
    assert f'name="main_image_order_{image.pk}" value="1"' in form
    response = enterprise_client.post(
        edit_url, {**product_data(name="新名称"), "main_images": [image.pk]}
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "新名称"

    enterprise_client.post(reverse("catalogue:center_product_withdraw", args=[product.pk]))
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.WITHDRAWN
    assert enterprise_client.get(product.get_absolute_url()).status_code == 404
    # A second withdraw changes nothing and says why (it used to redirect in silence).
    again = enterprise_client.post(
        reverse("catalogue:center_product_withdraw", args=[product.pk]), follow=True
    )
    assert "只有已发布的产品可以下架。" in again.text
    enterprise_client.post(reverse("catalogue:center_product_relist", args=[product.pk]))
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.PUBLISHED

    delete_url = reverse("catalogue:center_product_delete", args=[product.pk])
    assert "确定要删除产品" in enterprise_client.get(delete_url).text
    enterprise_client.post(delete_url)
    assert not EnterpriseProduct.objects.exists()


def test_taken_down_product_shows_the_reason_to_its_owner_only(
    enterprise_client, enterprise, categories
):
    product = make_product(
        enterprise,
        categories[1],
        status=EnterpriseProduct.Status.TAKEN_DOWN,
        takedown_reason="产品图片涉嫌侵权",
    )
    listing = enterprise_client.get(CENTER_PRODUCTS_URL).text
    assert "已被平台下架" in listing and "产品图片涉嫌侵权" in listing
    # The owner cannot put it back up itself.
    enterprise_client.post(reverse("catalogue:center_product_relist", args=[product.pk]))
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.TAKEN_DOWN
    enterprise_client.logout()
    assert enterprise_client.get(product.get_absolute_url()).status_code == 404
    assert "产品图片涉嫌侵权" not in enterprise_client.get(reverse("catalogue:product_list")).text


def test_deleting_an_image_used_as_main_image_is_refused(enterprise_client, enterprise, categories):
    image = library_image(enterprise.user)
    make_product(enterprise, categories[1], images=[image], name="用着这张图")
    response = enterprise_client.post(
        reverse("catalogue:center_image_delete", args=[image.pk]), follow=True
    )
    assert "正用作产品主图（用着这张图）" in response.text
    assert type(image).objects.filter(pk=image.pk).exists()


def _member_urls(product):
    return [
        ("get", CENTER_PRODUCTS_URL),
        ("get", CREATE_URL),
        ("get", reverse("catalogue:center_product_edit", args=[product.pk])),
        ("post", reverse("catalogue:center_product_edit", args=[product.pk])),
        ("post", reverse("catalogue:center_product_withdraw", args=[product.pk])),
        ("post", reverse("catalogue:center_product_relist", args=[product.pk])),
        ("get", reverse("catalogue:center_product_delete", args=[product.pk])),
        ("post", reverse("catalogue:center_product_delete", args=[product.pk])),
        ("get", reverse("catalogue:center_image_library")),
        ("get", reverse("catalogue:center_image_picker")),
        ("post", reverse("catalogue:center_image_delete", args=[1])),
    ]


def test_permissions_walk(client, enterprise, changsha, categories):
    product = make_product(enterprise, categories[1])
    urls = _member_urls(product)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    client.force_login(InstitutionFactory(platform=changsha).user)
    library = reverse("catalogue:center_image_library")
    for method, url in urls:
        # Institutions have an image library of their own (service product covers, R2.4).
        expected = (200, 404) if url.startswith(library) else (403,)
        assert getattr(client, method)(url).status_code in expected, url
    client.force_login(EnterpriseFactory().user)
    for method, url in urls:
        if str(product.pk) in url.split("/") or url.endswith("/1/delete/"):
            assert getattr(client, method)(url).status_code == 404, url
    product.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.PUBLISHED
