"""`manage.py bench_targets`: the benchmark measures the pages it names, not redirects."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.members.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_member_target_is_the_page_itself_not_a_redirect(client, home_page):
    EnterpriseFactory()
    out = StringIO()
    call_command("bench_targets", stdout=out)
    members = [target for target in json.loads(out.getvalue()) if target["kind"] == "member"]

    assert [target["name"] for target in members] == [
        "企业管理中心 企业资料",
        "企业管理中心 产品管理",
        "企业管理中心 我的订单",
    ]
    for target in members:
        assert client.login(**target["login"])
        response = client.get(target["path"])
        assert response.status_code == 200, (target["path"], response.get("Location"))
        assert "企业信息" in response.content.decode()
        client.logout()
