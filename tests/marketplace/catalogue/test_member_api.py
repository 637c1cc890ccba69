"""/api/v2/me/images|products|demands/: the member centre's catalogue rules through the API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.catalogue.images import size_spec
from marketplace.catalogue.models import Demand, EnterpriseProduct
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from portal.factories import StaffUserFactory, UserFactory
from tests.marketplace.catalogue_helpers import make_category
from tests.marketplace.products_support import (
    category_tree,
    image_bytes,
    library_image,
    make_product,
    upload,
)
from tests.member_api import MemberApp

PASSWORD = "portal-pass-2026"
PRODUCTS = "/api/v2/me/products/"
DEMANDS = "/api/v2/me/demands/"
IMAGES = "/api/v2/me/images/"

pytestmark = pytest.mark.usefixtures("collection_root", "home_page")


@pytest.fixture
def categories(db):
    return category_tree()


@pytest.fixture
def machinery(categories):
    return categories[1]


@pytest.fixture
def tax(db):
    return make_category()


def app_for(client, member):
    return MemberApp(client).login(member.user.username, PASSWORD)


def product_body(images, **overrides):
    return {
        "name": "智能挖掘机 XE60",
        "summary": "小型液压挖掘机",
        "price": "128000.00",
        "unit": "台",
        "specifications": "额定功率：36 kW",
        "description": "<p>节能高效</p>",
        "main_images": [image.pk for image in images],
        **overrides,
    }


def demand_body(category, **overrides):
    return {
        "title": "寻找代理记账服务",
        "category": category.pk,
        "description": "小规模纳税人，每月记账报税。",
        "budget": "5000",
        "region_name": "长沙市",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "contact_name": "张经理",
        "contact_phone": "13800000000",
        **overrides,
    }


def public_product_names(client):
    response = client.get("/api/v2/products/")
    assert response.status_code == 200
    return [item["name"] for item in response.json()["items"]]


def public_demand_titles(client):
    response = client.get("/api/v2/demands/")
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


# Products ---------------------------------------------------------------------------------------


def test_publish_orders_main_images_sanitises_and_goes_public(client, enterprise, machinery):
    first, second = library_image(enterprise.user, "a.jpg"), library_image(enterprise.user, "b.jpg")
    detail_src = first.get_rendition(size_spec("large")).url
    foreign_src = (
        library_image(EnterpriseFactory().user, "x.jpg").get_rendition(size_spec("large")).url
    )
    description = (
        f'<p>亮点</p><p><img src="{detail_src}" width="300" alt="细节"></p>'
        f'<p><img src="{foreign_src}"></p><script>alert(1)</script>'
    )
    app = app_for(client, enterprise)
    assert "智能挖掘机 XE60" not in public_product_names(client)

    response = app.post(
        PRODUCTS,
        {**product_body([second, first], description=description), "category": machinery.pk},
    )
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    product = EnterpriseProduct.objects.get()
    assert data["id"] == product.pk and data["status"] == "published"
    assert data["status_label"] == "已发布" and data["category_name"] == "工程机械"
    # The order sent is the order kept: the first is the cover.
    assert [item.image for item in product.ordered_images] == [second, first]
    assert [image["id"] for image in data["main_images"]] == [second.pk, first.pk]
    assert data["main_images"][0]["sizes"]["thumbnail"]["webp"].startswith("http://")
    assert data["url"] == f"http://testserver{product.get_absolute_url()}"
    # Sanitised as on the page: own detail image kept, another member's and scripts dropped.
    assert detail_src in product.description
    assert foreign_src not in product.description and "script" not in product.description
    # Live at once, as from the page.
    assert "智能挖掘机 XE60" in public_product_names(client)
    assert client.get(product.get_absolute_url()).status_code == 200


def test_the_category_tree_says_which_categories_take_products(client, enterprise, categories):
    equipment, machinery, electronics = categories
    tree = app_for(client, enterprise).get("/api/v2/me/product-categories/").json()
    assert [(row["id"], row["name"], row["parent"], row["is_leaf"]) for row in tree] == [
        (equipment.pk, "装备制造", None, False),
        (machinery.pk, "工程机械", equipment.pk, True),
        (electronics.pk, "电子信息", None, True),
    ]


def test_publish_needs_a_complete_profile(client, machinery):
    enterprise = EnterpriseFactory(credit_code="")
    image = library_image(enterprise.user)
    response = app_for(client, enterprise).post(
        PRODUCTS, {**product_body([image]), "category": machinery.pk}
    )
    assert response.status_code == 403
    assert response.json()["message"] == "未填写资料的企业不能发布产品。"
    assert not EnterpriseProduct.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"price": "abc"}, "price"),
        ({"price": "-1"}, "price"),
        ({"main_images": []}, "main_images"),
        ({"main_images": ["x"]}, "main_images"),
        ({"description": "字" * 20001}, "description"),
    ],
)
def test_bad_product_input_names_the_field_and_stores_nothing(
    client, enterprise, machinery, overrides, field
):
    image = library_image(enterprise.user)
    response = app_for(client, enterprise).post(
        PRODUCTS, {**product_body([image]), "category": machinery.pk, **overrides}
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not EnterpriseProduct.objects.exists()


def test_category_must_be_a_leaf_and_images_must_be_my_own(client, enterprise, categories):
    equipment, machinery, _electronics = categories
    mine = library_image(enterprise.user)
    theirs = library_image(EnterpriseFactory().user, "theirs.jpg")
    app = app_for(client, enterprise)
    for category in (equipment.pk, 99999, None):
        response = app.post(PRODUCTS, {**product_body([mine]), "category": category})
        assert response.status_code == 400
        assert "category" in response.json()["errors"]
    response = app.post(PRODUCTS, {**product_body([theirs]), "category": machinery.pk})
    assert response.status_code == 400
    assert response.json()["errors"]["main_images"] == ["产品主图：所选图片不在您的图片库中。"]
    too_many = app.post(PRODUCTS, {**product_body([mine]), "main_images": list(range(1, 12))})
    assert too_many.status_code == 400 and "main_images" in too_many.json()["message"]
    assert not EnterpriseProduct.objects.exists()


def test_edit_withdraw_relist_and_delete_as_the_page_allows(client, enterprise, machinery):
    first, second = library_image(enterprise.user, "a.jpg"), library_image(enterprise.user, "b.jpg")
    product = make_product(enterprise, machinery, images=[first], name="旧名称")
    app = app_for(client, enterprise)
    url = f"{PRODUCTS}{product.pk}/"

    edited = app.patch(url, {"name": "新名称", "price": "99.50"})
    assert edited.status_code == 200, edited.content.decode()
    assert edited.json()["name"] == "新名称" and edited.json()["price"] == "99.50"
    product.refresh_from_db()
    assert product.name == "新名称" and product.unit == ""
    # Fields not sent keep their values, main images included.
    assert [item.image for item in product.ordered_images] == [first]
    reordered = app.patch(url, {"main_images": [second.pk, first.pk]})
    assert [image["id"] for image in reordered.json()["main_images"]] == [second.pk, first.pk]
    assert app.patch(url, {"category": machinery.pk}).status_code == 400  # not editable
    assert app.patch(url, {"name": ""}).status_code == 400
    product.refresh_from_db()
    assert product.name == "新名称"

    withdrawn = app.post(f"{url}withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status_label"] == "已下架" and withdrawn.json()["url"] is None
    assert "新名称" not in public_product_names(client)
    assert client.get(product.get_absolute_url()).status_code == 404
    again = app.post(f"{url}withdraw/")
    assert again.status_code == 409 and again.json()["message"] == "只有已发布的产品可以下架。"

    relisted = app.post(f"{url}relist/")
    assert relisted.status_code == 200 and relisted.json()["status"] == "published"
    assert "新名称" in public_product_names(client)
    assert app.post(f"{url}relist/").status_code == 409

    assert app.delete(url).status_code == 204
    assert not EnterpriseProduct.objects.exists()
    assert app.get(url).status_code == 404


def test_taken_down_product_stays_down_and_relist_needs_a_complete_profile(client, machinery):
    enterprise = EnterpriseFactory()
    taken_down = make_product(
        enterprise,
        machinery,
        status=EnterpriseProduct.Status.TAKEN_DOWN,
        takedown_reason="涉嫌侵权",
    )
    withdrawn = make_product(enterprise, machinery, status=EnterpriseProduct.Status.WITHDRAWN)
    app = app_for(client, enterprise)
    listed = app.get(f"{PRODUCTS}{taken_down.pk}/").json()
    assert listed["status_label"] == "已被平台下架" and listed["takedown_reason"] == "涉嫌侵权"
    for action in ("withdraw", "relist"):
        response = app.post(f"{PRODUCTS}{taken_down.pk}/{action}/")
        assert response.status_code == 409
        assert response.json()["message"] == "该产品已被平台下架，如有疑问请联系平台。"
    taken_down.refresh_from_db()
    assert taken_down.status == EnterpriseProduct.Status.TAKEN_DOWN

    type(enterprise).objects.filter(pk=enterprise.pk).update(address="")
    refused = app.post(f"{PRODUCTS}{withdrawn.pk}/relist/")
    assert refused.status_code == 403
    assert refused.json()["message"] == "未填写资料的企业不能发布产品。"
    withdrawn.refresh_from_db()
    assert withdrawn.status == EnterpriseProduct.Status.WITHDRAWN


def test_my_products_are_mine_and_filter_by_status(client, enterprise, machinery):
    mine = make_product(enterprise, machinery, name="我的")
    make_product(enterprise, machinery, name="下架的", status=EnterpriseProduct.Status.WITHDRAWN)
    theirs = make_product(EnterpriseFactory(), machinery, name="别人的")
    app = app_for(client, enterprise)
    listing = app.get(PRODUCTS).json()
    assert listing["meta"]["total_count"] == 2
    assert {item["name"] for item in listing["items"]} == {"我的", "下架的"}
    withdrawn = app.get(PRODUCTS, {"status": "withdrawn"}).json()
    assert [item["name"] for item in withdrawn["items"]] == ["下架的"]
    bad = app.get(PRODUCTS, {"status": "deleted"})
    assert bad.status_code == 400 and "status" in bad.json()["message"]
    # Another enterprise's product is indistinguishable from none.
    for response in (
        app.get(f"{PRODUCTS}{theirs.pk}/"),
        app.patch(f"{PRODUCTS}{theirs.pk}/", {"name": "改"}),
        app.post(f"{PRODUCTS}{theirs.pk}/withdraw/"),
        app.delete(f"{PRODUCTS}{theirs.pk}/"),
    ):
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "别人的" and theirs.status == EnterpriseProduct.Status.PUBLISHED
    assert app.get(f"{PRODUCTS}{mine.pk}/").json()["name"] == "我的"


def test_product_list_queries_do_not_grow(client, enterprise, machinery):
    image = library_image(enterprise.user)
    app = app_for(client, enterprise)
    app.get(PRODUCTS)  # the token's first use records `last_used_at` once

    def add(count):
        for index in range(count):
            make_product(enterprise, machinery, images=[image], name=f"产品{index}")

    add(10)
    with CaptureQueriesContext(connection) as small:
        assert len(app.get(PRODUCTS, {"limit": "100"}).json()["items"]) == 10
    add(90)
    with CaptureQueriesContext(connection) as large:
        items = app.get(PRODUCTS, {"limit": "100"}).json()["items"]
    assert len(items) == 100 and items[0]["main_images"][0]["ready"] is True
    assert len(large) == len(small)


# Image library ----------------------------------------------------------------------------------


def test_upload_and_list_my_images_newest_first(client, enterprise):
    app = app_for(client, enterprise)
    png = upload("b.png", image_bytes(image_format="PNG"), "image/png")
    response = app.post(IMAGES, files={"images": [upload("a.jpg"), png]})
    assert response.status_code == 201, response.content.decode()
    uploaded = response.json()["items"]
    assert [image["title"] for image in uploaded] == ["a", "b"]
    library_image(EnterpriseFactory().user, "theirs.jpg")

    listing = app.get(IMAGES).json()
    assert listing["meta"]["total_count"] == 2
    assert [image["title"] for image in listing["items"]] == ["b", "a"]
    newest = listing["items"][0]
    # The sizes are made by the background task right after the upload.
    assert newest["ready"] is True
    assert set(newest["sizes"]) == {"large", "medium", "thumbnail"}
    assert newest["sizes"]["medium"]["jpeg"].startswith("http://testserver/")


def test_institutions_have_a_library_too(client, changsha):
    institution = InstitutionFactory(platform=changsha)
    app = app_for(client, institution)
    assert app.post(IMAGES, files={"images": upload()}).status_code == 201
    assert app.get(IMAGES).json()["meta"]["total_count"] == 1


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"images": upload("fake.jpg", b"not an image at all")},
        # One good file and one whose content is not what its name says: neither is stored.
        {"images": [upload("ok.jpg"), upload("jpeg-inside.png")]},
    ],
)
def test_bad_uploads_are_refused_all_or_nothing(client, enterprise, files):
    app = app_for(client, enterprise)
    response = app.post(IMAGES, data={"x": ""} if not files else None, files=files or None)
    assert response.status_code == 400
    assert response.json()["message"]
    assert app.get(IMAGES).json()["meta"]["total_count"] == 0


def test_image_list_queries_do_not_grow(client, enterprise):
    app = app_for(client, enterprise)
    app.get(IMAGES)
    for index in range(10):
        library_image(enterprise.user, f"{index}.jpg", width=40, height=30)
    with CaptureQueriesContext(connection) as small:
        assert len(app.get(IMAGES, {"limit": "100"}).json()["items"]) == 10
    for index in range(90):
        library_image(enterprise.user, f"more{index}.jpg", width=40, height=30)
    with CaptureQueriesContext(connection) as large:
        assert len(app.get(IMAGES, {"limit": "100"}).json()["items"]) == 100
    assert len(large) == len(small)


# Demands ----------------------------------------------------------------------------------------


def test_preview_then_publish_a_demand(client, enterprise, tax):
    app = app_for(client, enterprise)
    preview = app.post(f"{DEMANDS}?preview=true", demand_body(tax))
    assert preview.status_code == 200, preview.content.decode()
    assert preview.json()["id"] is None and preview.json()["budget_display"] == "¥5,000.00"
    assert not Demand.objects.exists()

    published = app.post(DEMANDS, demand_body(tax))
    assert published.status_code == 201
    demand = Demand.objects.get()
    data = published.json()
    assert data["id"] == demand.pk and data["status_label"] == "征集中"
    assert demand.region_code == enterprise.region_code  # filed under the enterprise's region
    assert data["url"] == f"http://testserver{demand.get_absolute_url()}"
    assert "寻找代理记账服务" in public_demand_titles(client)
    assert client.get(demand.get_absolute_url()).status_code == 200


def test_demand_needs_a_complete_profile_and_valid_fields(client, tax):
    incomplete = EnterpriseFactory(introduction="")
    refused = app_for(client, incomplete).post(DEMANDS, demand_body(tax))
    assert refused.status_code == 403
    assert refused.json()["message"] == "未填写资料的企业不能发布需求。"

    app = app_for(client, EnterpriseFactory())
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    bad = app.post(DEMANDS, demand_body(tax, deadline=yesterday, contact_phone="abc", budget="-5"))
    assert bad.status_code == 400
    assert bad.json()["errors"]["deadline"] == ["截止日期不能早于今天。"]
    assert {"contact_phone", "budget"} <= set(bad.json()["errors"])
    assert app.post(DEMANDS, {**demand_body(tax), "category": 99999}).status_code == 400
    assert app.post(f"{DEMANDS}?preview=maybe", demand_body(tax)).status_code == 400
    assert app.post(f"{DEMANDS}?draft=1", demand_body(tax)).status_code == 400
    assert not Demand.objects.exists()


def test_close_a_demand_once_and_it_leaves_the_portal(client, enterprise, tax):
    app = app_for(client, enterprise)
    demand_id = app.post(DEMANDS, demand_body(tax)).json()["id"]
    theirs = app_for(client, EnterpriseFactory()).post(DEMANDS, demand_body(tax, title="别人的"))
    theirs_id = theirs.json()["id"]

    closed = app.post(f"{DEMANDS}{demand_id}/close/")
    assert closed.status_code == 200
    assert closed.json()["status_label"] == "已关闭" and closed.json()["closed_at"]
    assert public_demand_titles(client) == ["别人的"]
    again = app.post(f"{DEMANDS}{demand_id}/close/")
    assert again.status_code == 409 and "已关闭" in again.json()["message"]

    assert app.get(f"{DEMANDS}{theirs_id}/").status_code == 404
    assert app.post(f"{DEMANDS}{theirs_id}/close/").status_code == 404
    assert Demand.objects.get(pk=theirs_id).status == Demand.Status.OPEN
    listing = app.get(DEMANDS).json()
    assert [item["id"] for item in listing["items"]] == [demand_id]
    assert app.get(DEMANDS, {"status": "open"}).json()["meta"]["total_count"] == 0
    # A closed demand is not edited any more.
    refused = app.patch(f"{DEMANDS}{demand_id}/", {"title": "改"})
    assert refused.status_code == 409 and "只有征集中的需求可以修改" in refused.json()["message"]
    assert Demand.objects.get(pk=demand_id).title != "改"


def test_revise_an_open_demand_with_the_publishing_rules(client, enterprise, tax):
    app = app_for(client, enterprise)
    demand_id = app.post(DEMANDS, demand_body(tax)).json()["id"]
    revised = app.patch(f"{DEMANDS}{demand_id}/", {"title": "寻找年度审计服务", "budget": "8000"})
    assert revised.status_code == 200, revised.content.decode()
    body = revised.json()
    assert body["title"] == "寻找年度审计服务" and body["budget_display"] == "¥8,000.00"
    assert "寻找年度审计服务" in public_demand_titles(client)
    # Fields not sent keep their values; the form's rules hold (no deadline in the past).
    demand = Demand.objects.get(pk=demand_id)
    assert demand.contact_phone == demand_body(tax)["contact_phone"]
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    bad = app.patch(f"{DEMANDS}{demand_id}/", {"deadline": past})
    assert bad.status_code == 400 and "deadline" in bad.json()["errors"]
    assert Demand.objects.get(pk=demand_id).deadline != datetime.date.fromisoformat(past)


def test_demand_list_queries_do_not_grow(client, enterprise, tax):
    app = app_for(client, enterprise)
    app.get(DEMANDS)

    def add(count):
        deadline = timezone.localdate() + datetime.timedelta(days=5)
        Demand.objects.bulk_create(
            Demand(
                enterprise=enterprise,
                category=tax,
                title=f"需求{index}",
                description="说明",
                region_name="长沙市",
                deadline=deadline,
                contact_name="张经理",
                contact_phone="13800000000",
            )
            for index in range(count)
        )

    add(10)
    with CaptureQueriesContext(connection) as small:
        assert len(app.get(DEMANDS, {"limit": "100"}).json()["items"]) == 10
    add(90)
    with CaptureQueriesContext(connection) as large:
        assert len(app.get(DEMANDS, {"limit": "100"}).json()["items"]) == 100
    assert len(large) == len(small)


# Who may not ------------------------------------------------------------------------------------


def _endpoints(product_id, demand_id):
    return [
        ("get", "/api/v2/me/product-categories/"),
        ("get", PRODUCTS),
        ("post", PRODUCTS),
        ("get", f"{PRODUCTS}{product_id}/"),
        ("patch", f"{PRODUCTS}{product_id}/"),
        ("delete", f"{PRODUCTS}{product_id}/"),
        ("post", f"{PRODUCTS}{product_id}/withdraw/"),
        ("post", f"{PRODUCTS}{product_id}/relist/"),
        ("get", DEMANDS),
        ("post", DEMANDS),
        ("get", f"{DEMANDS}{demand_id}/"),
        ("patch", f"{DEMANDS}{demand_id}/"),
        ("post", f"{DEMANDS}{demand_id}/close/"),
    ]


def _call(app, method, url):
    if method in ("post", "patch"):
        return getattr(app, method)(url, {})
    return getattr(app, method)(url)


def test_who_may_not_use_the_catalogue_endpoints(client, enterprise, machinery, tax, changsha):
    product = make_product(enterprise, machinery)
    demand = Demand.objects.create(
        enterprise=enterprise,
        category=tax,
        title="需求",
        description="说明",
        region_name="长沙市",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        contact_name="张经理",
        contact_phone="13800000000",
    )
    endpoints = _endpoints(product.pk, demand.pk)
    anonymous = MemberApp(client)
    for method, url in [*endpoints, ("get", IMAGES), ("post", IMAGES)]:
        response = _call(anonymous, method, url)
        assert response.status_code == 401, (method, url)
        assert response.json()["message"]

    institution = app_for(client, InstitutionFactory(platform=changsha))
    for method, url in endpoints:
        response = _call(institution, method, url)
        assert response.status_code == 403, (method, url)
        assert response.json()["message"] == "只有企业用户可以使用此接口。"

    # Plain accounts (no member) have no image library, as on the page.
    plain = MemberApp(client).login(UserFactory().username, PASSWORD)
    assert plain.get(IMAGES).status_code == 403
    assert plain.get(PRODUCTS).status_code == 403

    # A staff reviewer's session never authenticates the API.
    client.force_login(StaffUserFactory())
    for method, url in [*endpoints, ("get", IMAGES)]:
        assert _call(MemberApp(client), method, url).status_code == 401, (method, url)
    client.logout()

    other = app_for(client, EnterpriseFactory())
    for method, url in endpoints:
        if url in (PRODUCTS, DEMANDS) or "categories" in url:
            continue
        assert _call(other, method, url).status_code == 404, (method, url)
    product.refresh_from_db()
    demand.refresh_from_db()
    assert product.status == EnterpriseProduct.Status.PUBLISHED
    assert demand.status == Demand.Status.OPEN
