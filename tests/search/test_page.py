"""The site search page /search/: every public kind of content, tabs with counts, highlighting."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from search.sources import MAX_RESULTS, SiteSearch
from tests.search.builders import KINDS, hidden_records, site_fixture  # noqa: F401 - the `site` fixture

URL = "/search/"

HOSTILE_QUERIES = [
    "<script>alert(1)</script>",
    '"',
    "'",
    "*",
    "NEAR",
    "NEAR(融资 咨询)",
    "OR",
    "AND",
    "NOT",
    "a:b",
    "title:融资",
    "融资 OR 咨询",
    "-",
    "-融资",
    "融资*",
    "(",
    ")",
    "\\",
    "%",
    "_",
    "'; DROP TABLE wagtailcore_page; --",
    "&lt;b&gt;",
    "融资\x00咨询",
    "😀",
    "　",  # an ideographic space only
    "x" * 5000,
    "融资" * 300,
]


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def result_types(response):
    return [hit.type_key for hit in response.context["results"]]


def result_titles(response):
    return [hit.title.text for hit in response.context["results"]]


def tab_counts(response):
    return {tab["key"] or "all": tab["count"] for tab in response.context["tabs"]}


def test_finds_every_kind_with_a_count_per_tab(client, site):
    records = site.one_of_each("融资")
    site.policy("科技创新券管理办法")  # does not match

    response = get(client, q="融资")

    counts = tab_counts(response)
    # The service's own institution (融资咨询服务机构) matches too.
    assert counts == {**dict.fromkeys(KINDS, 1), "institution": 2, "all": 9}
    assert sorted(set(result_types(response))) == sorted(KINDS)
    html = response.content.decode()
    for kind, record in records.items():
        if kind in ("policy", "activity", "declaration", "news"):
            url = record.url
        elif kind == "institution":
            url = f"/institutions/{record.pk}/"
        else:
            url = record.get_absolute_url()
        assert f'href="{url}"' in html, kind
    for label in ("政策法规", "活动通知", "项目申报", "新闻动态", "服务产品", "企业产品", "需求"):
        assert f'<span class="badge search-result__type">{label}</span>' in html
    assert 'aria-current="page">全部 <span class="search-tabs__count">9</span>' in html
    assert "科技创新券" not in html


def test_a_tab_shows_one_kind_and_links_keep_the_query(client, site):
    site.one_of_each("融资")

    response = get(client, q="融资", type="service")

    assert result_types(response) == ["service"]
    html = response.content.decode()
    tab = 'href="?q=%E8%9E%8D%E8%B5%84&amp;type=service" data-type="service" aria-current="page"'
    assert tab in html
    assert 'href="?q=%E8%9E%8D%E8%B5%84" data-type="all"' in html
    assert "在“服务产品”中找到 1 条结果" in html


@pytest.mark.parametrize("where", ["page", "api"])
def test_hidden_records_never_appear(client, site, admin_user, where):
    hidden = hidden_records(site, "隐秘")
    visible = site.service("隐秘测试公开服务")
    # A live policy whose newer text waits in moderation: the public keeps the old text.
    moderated = site.policy("公开的专项资金政策")
    moderated.title = "隐秘修订中的政策"
    moderated.save_revision(user=admin_user)
    moderated.get_workflow().start(moderated, admin_user)

    if where == "page":
        response = get(client, q="隐秘")
        titles = result_titles(response)
        counts = tab_counts(response)
        assert counts["all"] == 2  # the visible service and its institution (隐秘测试公开服务机构)
        html = response.content.decode()
    else:
        data = client.get("/api/v2/search/", {"q": "隐秘", "limit": 50}).json()
        titles = [item["title"] for item in data["items"]]
        assert data["total"] == 2
        html = str(data)
    assert visible.name in titles
    for reason, record in hidden.items():
        title = getattr(record, "title", None) or record.name
        assert title not in html, reason
    assert "修订中" not in html
    # The moderated page is still found by its live text.
    assert "公开的专项资金政策" in result_titles(get(client, q="专项资金"))


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_odd_queries_are_text_never_syntax(client, site, query):
    site.one_of_each("融资")
    site.policy("<script>alert(1)</script>融资防范")

    response = get(client, q=query)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html
    api = client.get("/api/v2/search/", {"q": query})
    assert api.status_code in (200, 400)
    if api.status_code == 400:
        assert api.json()["message"]
    for tab in ("all", "service"):
        assert get(client, q=query, type=tab).status_code == 200


def test_query_and_content_are_escaped_in_highlights(client, site):
    site.service(
        "防诈骗融资服务", summary='<script>alert("x")</script> 警惕<b>融资</b>诈骗 & "陷阱"'
    )

    response = get(client, q='<script>融资"')

    html = response.content.decode()
    assert "<script>" not in html
    snippet = html[html.index('class="search-result__snippet"') :].split("</p>", 1)[0]
    # The query's own words (script) are marked like any other, inside escaped text.
    assert "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt;" in snippet
    assert "&lt;b&gt;<mark>融资</mark>&lt;/b&gt;" in snippet
    assert "&amp; &quot;陷阱&quot;" in snippet
    assert 'value="&lt;script&gt;融资&quot;"' in html
    assert "“&lt;script&gt;融资&quot;”的搜索结果" in html


def test_highlights_the_words_the_backend_searched(client, site):
    site.service(
        "ＳａａＳ平台上云服务",
        summary="为企业提供 SaaS 平台部署、ISO 9001 认证辅导。",
        content="<p>第二段落也提到<strong>上云</strong>。</p>",
    )

    html = get(client, q="saas平台 iso9001").content.decode()

    assert "<mark>ＳａａＳ平台</mark>上云服务" in html
    assert "为企业提供 <mark>SaaS 平台</mark>部署、<mark>ISO 9001</mark> 认证辅导。" in html


def test_snippet_is_cut_around_the_first_match(client, site):
    long_text = "前言" * 100 + "重点支持专精特新企业" + "后记" * 100
    site.policy("中小企业发展政策", summary=long_text)

    html = get(client, q="专精特新").content.decode()

    snippet = re.search(r'class="search-result__snippet">(.*?)</p>', html).group(1)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "重点支持<mark>专精特新</mark>企业" in snippet
    assert len(re.sub(r"</?mark>", "", snippet)) <= 125


def test_pagination_keeps_query_and_type(client, site):
    institution = site.institution("分页测试机构")
    for number in range(23):
        site.service(f"知识产权服务{number:02d}", institution)
    site.policy("知识产权保护政策")

    first = get(client, q="知识产权", type="service")
    assert len(first.context["results"]) == 10
    html = first.content.decode()
    assert "第 1 / 3 页" in html
    next_link = re.search(r'href="\?([^"]+)" rel="next"', html).group(1)
    assert "q=%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83" in next_link and "type=service" in next_link

    third = get(client, q="知识产权", type="service", page=3)
    assert len(third.context["results"]) == 3
    assert result_types(third) == ["service"] * 3
    seen = set()
    for page in (1, 2, 3):
        seen.update(result_titles(get(client, q="知识产权", type="service", page=page)))
    assert len(seen) == 23

    everything = get(client, q="知识产权", page=3)
    assert tab_counts(everything)["all"] == 24  # 23 services and the policy
    assert len(everything.context["results"]) == 4
    # Out of range or not a number: the nearest page, never an error.
    assert get(client, q="知识产权", page=99).context["page_obj"].number == 3
    assert get(client, q="知识产权", page="x").context["page_obj"].number == 1


def test_all_tab_merges_kinds_by_score(client, site, rf):
    site.policy("创业担保贷款政策", summary="创业担保贷款贴息。")
    site.news_page("创业担保贷款发放情况")
    site.service("创业贷款咨询", summary="协助办理创业担保贷款。")
    site.demand("寻求创业担保贷款对接", description="创业担保贷款。")
    site.institution("创业服务中心", introduction="创业担保贷款申请辅导。")

    request = rf.get(URL)
    search = SiteSearch("创业担保贷款", request)
    merged = search.hits(None, 0, 10)
    assert len(merged) == search.total == 5
    scores = [hit.score for hit in merged]
    assert scores == sorted(scores, reverse=True)
    # Each kind's own order is kept within the merged list, and pages do not overlap.
    assert [hit.obj.pk for hit in search.hits(None, 0, 2) + search.hits(None, 2, 5)] == [
        hit.obj.pk for hit in merged
    ]


@pytest.fixture
def at_most_12_results(monkeypatch):
    """The search lists at most 12 results (the cap is read in two modules)."""
    monkeypatch.setattr("search.sources.MAX_RESULTS", 12)
    monkeypatch.setattr("search.views.MAX_RESULTS", 12)


def test_deep_pages_are_capped(client, site, at_most_12_results):
    institution = site.institution("深度测试机构")
    for number in range(15):
        site.service(f"质量认证服务{number:02d}", institution)

    response = get(client, q="质量认证", type="service")
    assert response.context["paginator"].num_pages == 2
    assert "显示最相关的前" in response.content.decode()
    assert len(get(client, q="质量认证", type="service", page=2).context["results"]) == 2
    assert MAX_RESULTS == 500


def test_empty_results_help_the_visitor(client, site):
    site.one_of_each("融资")

    response = get(client, q="火星移民 贷款")

    html = response.content.decode()
    assert "没有找到与“火星移民 贷款”相关的结果" in html
    assert 'value="火星移民 贷款"' in html
    assert "试试更短的关键词" in html
    assert 'href="?q=%E7%81%AB%E6%98%9F%E7%A7%BB%E6%B0%91">火星移民</a>' in html
    assert f'href="{site.policies.url}">政策法规</a>' in html
    assert 'href="/services/">服务产品</a>' in html
    assert 'href="/services/?category=financing">融资服务</a>' in html


def test_an_empty_tab_offers_the_other_results(client, site):
    site.policy("融资政策")

    html = get(client, q="融资", type="demand").content.decode()

    assert "“需求”中没有找到与“融资”相关的结果。" in html
    assert 'href="?q=%E8%9E%8D%E8%B5%84">查看全部 1 条结果</a>' in html


def test_no_query_shows_a_prompt(client, site):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "\x00\x01"}):
        response = get(client, **params)
        html = response.content.decode()
        assert "请输入关键词" in html
        assert not response.context["results"]
        assert "search-tabs" not in html


def test_long_queries_are_cut(client, site):
    site.policy("融资政策")

    response = get(client, q="融资" + "很" * 500)

    assert len(response.context["search_query"]) == 100
    html = response.content.decode()
    assert "关键词过长，已按前 100 个字符搜索。" in html
    assert 'maxlength="100"' in html


def test_the_header_box_keeps_the_query(client, site):
    html = get(client, q="专精特新").content.decode()
    assert 'id="site-search-q" type="search" name="q" value="专精特新"' in html


def search_queries(client, **params):
    # Warm what every page reads once (sessions, site settings), then count from a cold cache.
    client.get(URL, params)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("tab", ["", "service", "policy"])
def test_query_count_does_not_grow_with_matches(client, site, tab):
    def add(count, start):
        institution = site.institution(f"检测机构{start}")
        for number in range(start, start + count):
            site.service(f"检验检测服务{number}", institution)
            site.policy(f"检验检测政策{number}", summary="检验检测机构资质认定。")

    add(10, 0)
    few, response = search_queries(client, q="检验检测", type=tab)
    assert response.context["results"]
    add(90, 10)
    many, response = search_queries(client, q="检验检测", type=tab)
    assert response.context["total"] >= 100
    # Equal, or fewer when the merged window happens to hold a single kind (one load less).
    assert many <= few


def test_a_search_never_makes_a_rendition(client, site):
    site.one_of_each("融资")
    renditions = get_image_model().get_rendition_model().objects.count()
    get(client, q="融资")
    assert get_image_model().get_rendition_model().objects.count() == renditions


def test_a_page_in_moderation_is_not_public(client, site, admin_user):
    """A never-published page submitted for moderation is not public."""
    page = site.policy("审核流程中的新政策", live=False)
    page.save_revision(user=admin_user)
    page.get_workflow().start(page, admin_user)
    assert WorkflowState.objects.filter(object_id=str(page.pk)).exists()
    assert "审核流程中的新政策" not in get(client, q="审核流程").content.decode()


def test_counts_stop_one_past_what_can_be_listed(client, site, at_most_12_results):
    """An exact count of a common word would check every hit: past the cap it is a lower bound."""
    institution = site.institution("计数测试机构")
    for number in range(15):
        site.service(f"检测认证服务{number:02d}", institution)
    site.policy("检测认证补贴办法")

    response = get(client, q="检测认证")
    assert response.context["tabs"][0]["count_label"] == "13+"  # 12 services (capped) + 1 policy
    service_tab = next(tab for tab in response.context["tabs"] if tab["key"] == "service")
    assert service_tab["count"] == 13 and service_tab["count_label"] == "12+"
    assert "共找到 13+ 条结果" in response.content.decode()

    one_kind = get(client, q="检测认证", type="service").content.decode()
    assert "中找到 12+ 条结果" in one_kind
    policy_tab = get(client, q="检测认证", type="policy")
    assert policy_tab.context["total_label"] == "1"


def test_anonymous_searches_are_stored_until_the_site_or_its_index_changes(
    client, site, settings, django_assert_num_queries
):
    """A burst of visitors searching for a newly published policy's name share one render
    (decision 0007); a change, and a background re-index finishing, retire the stored page."""
    from portal.cache import content_version
    from portal.page_cache import SITE
    from search.tasks import update_search_index

    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    service = site.service("融资对接专项服务")
    get(client, q="融资")  # the first request of a site creates its settings rows (a change)
    first = get(client, q="融资对接")
    assert "融资对接专项服务" in result_titles(first)
    with django_assert_num_queries(0):
        stored = client.get(URL, {"q": "融资对接"})
    assert stored.content == first.content
    # Another query is another page.
    assert "融资对接专项服务" not in get(client, q="知识产权").content.decode()

    service.live = False
    service.save()
    assert "融资对接专项服务" not in get(client, q="融资对接").content.decode()

    version = content_version(SITE)
    update_search_index.enqueue(service._meta.label, [service.pk])
    assert content_version(SITE) != version
