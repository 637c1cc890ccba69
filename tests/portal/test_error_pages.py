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
