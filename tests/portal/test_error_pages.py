import pytest
from django.test import Client, override_settings
from django.urls import path


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("boom/", boom)]


def test_unknown_url_gets_the_portals_chinese_404(client, home_page):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in html
    assert "返回首页" in html
    assert 'class="main-nav"' in html  # the portal's own shell, not Django's plain page


@pytest.mark.urls("tests.portal.test_error_pages")
@override_settings(DEBUG=False)
def test_server_error_gets_the_portals_chinese_500(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "抱歉，服务器出现了错误" in html
    assert "返回首页" in html


@pytest.mark.django_db
def test_a_forbidden_member_page_is_the_portals_chinese_403(client, home_page):
    from django.urls import reverse

    from marketplace.members.factories import EnterpriseFactory

    client.force_login(EnterpriseFactory().user)
    # The 资质表 is the institution's: an enterprise is refused.
    response = client.get(reverse("members:center_qualification"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "抱歉，您没有权限访问此页面" in html
    assert 'class="main-nav"' in html


@pytest.mark.django_db
def test_a_csrf_failure_is_explained_in_chinese(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期，请刷新后重新提交" in html
    assert "CSRF" not in html


@override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False)
def test_a_bad_request_is_the_portals_chinese_400(db):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "抱歉，请求的内容有误" in response.content.decode()


def test_favicon_ico_answers_with_the_portals_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
