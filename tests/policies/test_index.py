import datetime

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from policies.factories import (
    IssuingBodyFactory,
    PolicyCategoryFactory,
    PolicyIndexPageFactory,
    PolicyPageFactory,
)
from policies.listing import PolicyListing
from policies.models import PolicyLevel
from tests.policies.helpers import count_queries

TODAY = datetime.date.today()


def titles(response):
    return [policy.title for policy in response.context["listing"].page_obj]


@pytest.fixture
def mixed_policies(policy_index):
    ministry = IssuingBodyFactory(name="工业和信息化部", level=PolicyLevel.NATIONAL)
    department = IssuingBodyFactory(name="湖南省工业和信息化厅", level=PolicyLevel.PROVINCIAL)
    financing = PolicyCategoryFactory(name="融资", slug="financing")
    talent = PolicyCategoryFactory(name="人才", slug="talent")
    return {
        "national": PolicyPageFactory(
            parent=policy_index,
            title="优质中小企业梯度培育管理暂行办法",
            issuing_body=ministry,
            categories=[financing],
            publish_date=datetime.date(2022, 6, 1),
        ),
        "provincial": PolicyPageFactory(
            parent=policy_index,
            title="湖南省专精特新中小企业认定管理办法",
            issuing_body=department,
            categories=[talent],
            publish_date=datetime.date(2024, 3, 1),
        ),
        "expired": PolicyPageFactory(
            parent=policy_index,
            title="关于进一步支持中小微企业纾困发展的若干措施",
            issuing_body=department,
            categories=[financing, talent],
            publish_date=datetime.date(2022, 5, 1),
            effective_date=datetime.date(2022, 5, 1),
            expiry_date=datetime.date(2023, 12, 31),
        ),
    }


def test_lists_live_public_children_newest_first(client, policy_index, mixed_policies):
    PolicyPageFactory(parent=policy_index, title="草稿政策", live=False)
    private = PolicyPageFactory(parent=policy_index, title="内部政策")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    other_index = PolicyIndexPageFactory(parent=policy_index.get_parent(), slug="other")
    PolicyPageFactory(parent=other_index, title="别的栏目的政策")

    response = client.get(policy_index.url)

    assert response.status_code == 200
    assert titles(response) == [
        "湖南省专精特新中小企业认定管理办法",
        "优质中小企业梯度培育管理暂行办法",
        "关于进一步支持中小微企业纾困发展的若干措施",
    ]
    html = response.content.decode()
    assert f'href="{policy_index.url}{mixed_policies["national"].slug}/"' in html
    assert "草稿政策" not in html and "内部政策" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"level": "national"}, {"national"}),
        ({"level": "provincial"}, {"provincial", "expired"}),
        ({"category": "financing"}, {"national", "expired"}),
        ({"year": "2022"}, {"national", "expired"}),
        ({"year": "2022", "category": "talent"}, {"expired"}),
        ({"status": "expired"}, {"expired"}),
        ({"status": "in-force"}, {"national", "provincial"}),
        ({"q": "专精特新"}, {"provincial"}),
    ],
)
def test_filters_narrow_the_list(client, policy_index, mixed_policies, query, expected):
    response = client.get(policy_index.url, query)
    assert set(titles(response)) == {mixed_policies[key].title for key in expected}


def test_filter_by_issuing_body(client, policy_index, mixed_policies):
    body = mixed_policies["national"].issuing_body
    response = client.get(policy_index.url, {"issuing_body": body.pk})
    assert titles(response) == [mixed_policies["national"].title]


def test_sort_by_effective_date(client, policy_index):
    PolicyPageFactory(parent=policy_index, title="早施行", effective_date=datetime.date(2020, 1, 1))
    PolicyPageFactory(parent=policy_index, title="晚施行", effective_date=datetime.date(2025, 1, 1))
    response = client.get(policy_index.url, {"sort": "effective"})
    assert titles(response) == ["晚施行", "早施行"]


@pytest.mark.parametrize(
    "query",
    [
        {"level": "nonsense"},
        {"issuing_body": "abc"},
        {"issuing_body": "999999"},
        {"category": "no-such-category"},
        {"year": "abc"},
        {"year": "1999"},
        {"status": "forever"},
        {"sort": "random"},
        {"page": "999"},
        {"page": "abc"},
        {"q": "x" * 500},
    ],
)
def test_bad_input_is_ignored(client, policy_index, mixed_policies, query):
    response = client.get(policy_index.url, query)
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_filters_survive_pagination(client, policy_index):
    department = IssuingBodyFactory(name="湖南省财政厅", level=PolicyLevel.PROVINCIAL)
    ministry = IssuingBodyFactory(name="财政部", level=PolicyLevel.NATIONAL)
    per_page = PolicyListing.per_page
    for number in range(per_page + 3):
        PolicyPageFactory(parent=policy_index, title=f"省级政策{number}", issuing_body=department)
    PolicyPageFactory(parent=policy_index, title="国家级政策", issuing_body=ministry)

    first = client.get(policy_index.url, {"level": "provincial"})
    html = first.content.decode()
    assert 'href="?level=provincial&amp;page=2"' in html
    assert '<option value="provincial" selected>' in html

    second = client.get(policy_index.url, {"level": "provincial", "page": 2})
    assert len(titles(second)) == 3
    assert all(title.startswith("省级政策") for title in titles(second))
    assert "第 2 / 2 页" in second.content.decode()


def test_publishing_a_policy_shows_on_the_index_at_once(client, policy_index, mixed_policies):
    assert "新发布的政策" not in client.get(policy_index.url).content.decode()
    # The second request is served from the cached fragment.
    assert "新发布的政策" not in client.get(policy_index.url).content.decode()

    draft = PolicyPageFactory(parent=policy_index, title="新发布的政策", live=False)
    assert "新发布的政策" not in client.get(policy_index.url).content.decode()
    draft.save_revision().publish()
    assert "新发布的政策" in client.get(policy_index.url).content.decode()

    draft.refresh_from_db()
    draft.unpublish()
    assert "新发布的政策" not in client.get(policy_index.url).content.decode()


def test_renaming_an_issuing_body_refreshes_the_cached_list(client, policy_index, mixed_policies):
    client.get(policy_index.url)
    body = mixed_policies["national"].issuing_body
    body.name = "中华人民共和国工业和信息化部"
    body.save()
    assert "中华人民共和国工业和信息化部" in client.get(policy_index.url).content.decode()


def test_a_cached_index_runs_no_listing_queries(client, policy_index, mixed_policies):
    client.get(policy_index.url)
    _response, cached = count_queries(lambda: client.get(policy_index.url))
    cache.clear()
    _response, uncached = count_queries(lambda: client.get(policy_index.url))
    assert cached < uncached


def _index_queries(client, url):
    client.get(url)  # warm the process-wide caches (content types, site root paths)
    cache.clear()
    response, queries = count_queries(lambda: client.get(url, {"level": "provincial"}))
    assert response.status_code == 200
    return len(titles(response)), queries


def test_index_query_count_does_not_depend_on_the_number_of_policies(client, policy_index):
    categories = [PolicyCategoryFactory(), PolicyCategoryFactory()]
    body = IssuingBodyFactory(level=PolicyLevel.PROVINCIAL)

    def add(count):
        for _ in range(count):
            PolicyPageFactory(
                parent=policy_index, issuing_body=body, categories=categories, attachments=0
            )

    add(10)
    rows_10, queries_10 = _index_queries(client, policy_index.url)
    add(90)
    rows_100, queries_100 = _index_queries(client, policy_index.url)
    assert (rows_10, rows_100) == (10, PolicyListing.per_page)
    assert queries_10 == queries_100, (queries_10, queries_100)


def test_each_language_has_its_own_cached_fragment(client, policy_index, mixed_policies):
    client.get(policy_index.url)
    _response, chinese_cached = count_queries(lambda: client.get(policy_index.url))
    client.cookies["portal_language"] = "en"
    response, english_first = count_queries(lambda: client.get(policy_index.url))
    assert 'lang="en"' in response.content.decode()
    assert english_first > chinese_cached, "the Chinese fragment must not be served in English"
