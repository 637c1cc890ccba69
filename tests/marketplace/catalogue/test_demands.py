"""R2.6: an enterprise publishes a demand (preview → 确认发布 → live); close, expiry, take-down."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.catalogue.models import Demand
from marketplace.members.factories import EnterpriseFactory
from marketplace.members.models import Notification
from portal.factories import SuperUserFactory
from tests.marketplace.catalogue_helpers import make_category

ADD_URL = "/center/demands/new/"


@pytest.fixture
def tax(db):
    return make_category()


def demand_form(category, **overrides):
    data = {
        "title": "寻找代理记账服务",
        "category": category.pk,
        "description": "小规模纳税人，每月记账报税。",
        "budget": "5000",
        "region_name": "长沙市",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "contact_name": "张经理",
        "contact_phone": "13800000000",
    }
    data.update(overrides)
    return data


def make_demand(enterprise, category, **fields):
    defaults = {
        "title": "需求",
        "description": "说明",
        "region_name": "长沙市",
        "deadline": timezone.localdate() + datetime.timedelta(days=10),
        "contact_name": "张经理",
        "contact_phone": "13800000000",
    }
    return Demand.objects.create(enterprise=enterprise, category=category, **{**defaults, **fields})


def test_incomplete_profile_is_refused(client, tax):
    enterprise = EnterpriseFactory(introduction="")
    client.force_login(enterprise.user)
    response = client.get(ADD_URL)
    assert response.status_code == 403
    page = response.content.decode()
    assert "未填写资料的企业不能发布需求" in page
    assert reverse("members:center_enterprise_profile") in page
    assert client.post(ADD_URL, {**demand_form(tax), "confirm": "1"}).status_code == 403
    assert not Demand.objects.exists()


def test_preview_then_confirm_publishes(enterprise_client, enterprise, tax, client):
    response = enterprise_client.post(ADD_URL, {**demand_form(tax), "preview": "1"})
    assert response.status_code == 200
    preview = response.content.decode()
    assert "确认发布" in preview and "预览（尚未发布）" in preview
    # The preview shows what the public page will: the enterprise, the budget, the contacts.
    assert enterprise.name in preview and "发布企业" in preview and "需求描述" in preview
    assert not Demand.objects.exists()
    response = enterprise_client.post(ADD_URL, {**demand_form(tax), "confirm": "1"})
    demand = Demand.objects.get()
    assert response.status_code == 302 and response.url == demand.get_absolute_url()
    enterprise_client.logout()
    listing = client.get("/demands/").content.decode()
    assert "寻找代理记账服务" in listing
    detail = client.get(demand.get_absolute_url()).content.decode()
    assert "13800000000" not in detail, "contacts are for logged-in members only"
    client.force_login(enterprise.user)
    assert "13800000000" in client.get(demand.get_absolute_url()).content.decode()


def test_bad_input_is_a_form_error(enterprise_client, tax):
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = enterprise_client.post(ADD_URL, {**demand_form(tax, deadline=past), "confirm": "1"})
    assert response.status_code == 400
    response = enterprise_client.post(ADD_URL, {**demand_form(tax, budget="x"), "confirm": "1"})
    assert response.status_code == 400
    assert not Demand.objects.exists()


def test_close_and_expiry_leave_the_list(enterprise_client, enterprise, tax, client):
    open_demand = make_demand(enterprise, tax, title="征集中的需求")
    expired = make_demand(
        enterprise, tax, title="过期的需求", deadline=timezone.localdate() - datetime.timedelta(1)
    )
    to_close = make_demand(enterprise, tax, title="将关闭的需求")
    response = enterprise_client.post(f"/center/demands/{to_close.pk}/close/")
    assert response.status_code == 302
    to_close.refresh_from_db()
    assert to_close.status == Demand.Status.CLOSED
    titles = {demand.title for demand in client.get("/demands/").context["demands"]}
    assert titles == {"征集中的需求"}
    assert client.get(expired.get_absolute_url()).status_code == 404
    assert client.get(to_close.get_absolute_url()).status_code == 404
    assert client.get(open_demand.get_absolute_url()).status_code == 200


def test_closing_a_closed_demand_says_why(enterprise_client, enterprise, tax):
    demand = make_demand(enterprise, tax, status=Demand.Status.CLOSED)
    response = enterprise_client.post(f"/center/demands/{demand.pk}/close/", follow=True)
    assert "该需求当前为“已关闭”，只有征集中的需求可以关闭。" in response.text
    assert "需求已关闭。" not in response.text


def test_take_down_with_reason_visible_to_owner(
    enterprise, tax, client, django_capture_on_commit_callbacks
):
    demand = make_demand(enterprise, tax, title="违规需求")
    client.force_login(SuperUserFactory(username="operator"))
    url = reverse("marketplace_demands:edit", args=[demand.pk])
    response = client.post(url, {"status": "taken_down", "takedown_reason": ""})
    assert response.status_code == 200, "a take-down needs a reason"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "taken_down", "takedown_reason": "信息不实"})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.status == Demand.Status.TAKEN_DOWN and demand.taken_down_at
    assert "信息不实" in Notification.objects.get(user=enterprise.user).body
    client.logout()
    assert client.get(demand.get_absolute_url()).status_code == 404
    client.force_login(enterprise.user)
    page = client.get("/center/demands/").content.decode()
    assert "已下架" in page and "信息不实" in page
    # Operators cannot invent demands in the admin.
    client.force_login(SuperUserFactory(username="operator2"))
    assert client.get(reverse("marketplace_demands:add")).status_code in (302, 403)


def test_revise_with_preview_then_confirm(enterprise_client, enterprise, tax, client):
    demand = make_demand(enterprise, tax, title="旧标题", budget=5000)
    edit_url = f"/center/demands/{demand.pk}/edit/"
    listing = enterprise_client.get("/center/demands/").content.decode()
    assert edit_url in listing and "修改需求" in listing
    form = enterprise_client.get(edit_url)
    assert form.status_code == 200
    assert 'value="旧标题"' in form.text and "修改需求" in form.text
    changed = demand_form(tax, title="新标题", budget="8000")
    preview = enterprise_client.post(edit_url, {**changed, "preview": "1"})
    assert preview.status_code == 200
    assert "预览（尚未保存）" in preview.text and "确认修改" in preview.text
    assert "新标题" in preview.text and "¥8,000.00" in preview.text
    demand.refresh_from_db()
    assert demand.title == "旧标题", "a preview saves nothing"
    response = enterprise_client.post(edit_url, {**changed, "confirm": "1"}, follow=True)
    assert "需求已修改" in response.text
    demand.refresh_from_db()
    assert demand.title == "新标题" and demand.budget == 8000
    assert "新标题" in client.get(demand.get_absolute_url()).text


def test_revise_refuses_bad_input_and_closed_demands(enterprise_client, enterprise, tax):
    demand = make_demand(enterprise, tax, title="旧标题")
    edit_url = f"/center/demands/{demand.pk}/edit/"
    response = enterprise_client.post(edit_url, {**demand_form(tax, title=""), "confirm": "1"})
    assert response.status_code == 400
    assert "需求标题" in response.text
    demand.refresh_from_db()
    assert demand.title == "旧标题"
    demand.status = Demand.Status.CLOSED
    demand.save()
    response = enterprise_client.post(
        edit_url, {**demand_form(tax, title="改了"), "confirm": "1"}, follow=True
    )
    assert "只有征集中的需求可以修改" in response.text
    demand.refresh_from_db()
    assert demand.title == "旧标题"
    assert enterprise_client.get(edit_url, follow=True).redirect_chain[-1][0] == "/center/demands/"


def test_member_centre_permissions(client, enterprise, institution, tax):
    demand = make_demand(enterprise, tax)
    for url in ("/center/demands/", ADD_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(institution.user)
    assert client.get("/center/demands/").status_code == 403
    assert client.get(ADD_URL).status_code == 403
    other = EnterpriseFactory(user__username="other-ent")
    client.force_login(other.user)
    assert client.post(f"/center/demands/{demand.pk}/close/").status_code == 404
    edit_url = f"/center/demands/{demand.pk}/edit/"
    assert client.get(edit_url).status_code == 404
    assert (
        client.post(edit_url, {**demand_form(tax, title="别人的"), "confirm": "1"}).status_code
        == 404
    )
    demand.refresh_from_db()
    assert demand.status == Demand.Status.OPEN and demand.title != "别人的"
    client.force_login(institution.user)
    assert client.get(edit_url).status_code == 403
    client.logout()
    response = client.get(edit_url)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def listing_queries(client, url):
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_listing_query_count_is_fixed(client, enterprise, tax):
    for index in range(10):
        make_demand(enterprise, tax, title=f"需求{index}")
    with_10 = listing_queries(client, "/demands/")
    for index in range(10, 100):
        make_demand(enterprise, tax, title=f"需求{index}")
    assert listing_queries(client, "/demands/") == with_10
