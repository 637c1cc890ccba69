"""`manage.py bench_targets`: the benchmark measures the pages it names, not redirects."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from bench import run as bench_run
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


def test_the_revalidating_api_target_is_answered_304_and_counted_as_such(client, home_page):
    out = StringIO()
    call_command("bench_targets", stdout=out)
    (target,) = [target for target in json.loads(out.getvalue()) if target.get("revalidate")]
    assert target["kind"] == "api" and target["expect"] == 304
    # What bench/run.py does: fetch the current ETag, then send it with every request.
    etag = client.get(target["path"])["ETag"]
    assert client.get(target["path"], headers={"If-None-Match": etag}).status_code == 304

    row = {**target, "ratio": 1.0, "p99_ms": 1.0, "errors": 0}
    assert not bench_run.below_target({**row, "status": 304})
    assert bench_run.below_target({**row, "status": 200})  # the ETag did not hold: wrong figure
    plain = {key: value for key, value in row.items() if key != "expect"}
    assert not bench_run.below_target({**plain, "status": 200})
    assert bench_run.below_target({**plain, "status": 304})


def test_member_api_targets_answer_with_the_token_an_app_gets(client, home_page):
    from tests.member_api import MemberApp

    EnterpriseFactory()
    out = StringIO()
    call_command("bench_targets", stdout=out)
    targets = [target for target in json.loads(out.getvalue()) if target["kind"] == "member-api"]
    assert {"会员接口 我的资料", "会员接口 我的消息"} <= {target["name"] for target in targets}
    for target in targets:
        # What bench/run.py does: log in through /api/v2/auth/token/, then send the token.
        app = MemberApp(client).login(**target["api_login"])
        response = app.get(target["path"])
        assert response.status_code == 200, (target["path"], response.content)
        assert client.get(target["path"]).status_code == 401  # without it, nothing


def test_member_public_targets_are_public_pages_read_signed_in(client, home_page):
    EnterpriseFactory()
    out = StringIO()
    call_command("bench_targets", stdout=out)
    targets = json.loads(out.getvalue())
    public = [t for t in targets if t["kind"] == "member-public"]
    assert public and public[0]["path"] == "/"
    for target in public:
        assert client.login(**target["login"])
        response = client.get(target["path"])
        assert response.status_code == 200
        assert "退出" in response.text, "the page is rendered for the signed-in member"
        client.logout()


def test_fresh_search_asks_for_a_new_query_every_request(client, home_page):
    """What bench/wrk_fresh_search.lua sends: triples of the listed terms, none repeated."""
    out = StringIO()
    call_command("bench_targets", stdout=out)
    (target,) = [t for t in json.loads(out.getvalue()) if t["kind"] == "search-fresh"]
    terms = target["fresh_terms"]
    assert len(set(terms)) == len(terms) >= 50
    n = len(terms)
    queries = {
        (terms[k % n], terms[(k // n) % n], terms[(k // (n * n)) % n]) for k in range(20_000)
    }
    assert len(queries) == 20_000
    response = client.get(target["path"] + " ".join(terms[:3]))
    assert response.status_code == 200


def test_targets_and_p99_budgets_of_the_render_without_page_cache():
    ratios = bench_run.target_ratios(no_page_cache=True)
    assert ratios["home"] == ratios["index"] == ratios["detail"] == ratios["api"] == 0.15
    assert ratios["search-fresh"] == 0.05 and ratios["member-public"] == 0.15
    assert bench_run.target_ratios(no_page_cache=False)["home"] == 0.5
    row = {"kind": "member", "ratio": 0.2, "errors": 0, "status": 200}
    assert not bench_run.below_target({**row, "p99_ms": 99})
    assert bench_run.below_target({**row, "p99_ms": 120}), "members: p99 ≤ 100 ms"
    fresh = {**row, "kind": "search-fresh", "ratio": 0.06}
    assert not bench_run.below_target({**fresh, "p99_ms": 450}, ratios)
    assert bench_run.below_target({**fresh, "p99_ms": 550}, ratios)
