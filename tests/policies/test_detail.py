import datetime

import pytest
from wagtail.models import PageViewRestriction

from policies.factories import (
    IndustryFactory,
    IssuingBodyFactory,
    PolicyCategoryFactory,
    PolicyPageFactory,
)
from policies.models import PolicyLevel
from tests.policies.helpers import count_queries


@pytest.fixture
def policy(policy_index):
    return PolicyPageFactory(
        parent=policy_index,
        title="湖南省中小企业发展专项资金管理办法",
        document_number="湘财企〔2023〕15号",
        issuing_body=IssuingBodyFactory(name="湖南省财政厅", level=PolicyLevel.PROVINCIAL),
        categories=[PolicyCategoryFactory(name="财税", slug="tax")],
        industries=[IndustryFactory(code="C", name="制造业")],
        publish_date=datetime.date(2023, 4, 10),
        effective_date=datetime.date(2023, 5, 1),
        expiry_date=datetime.date(2028, 4, 30),
        attachments=2,
    )


def test_shows_the_facts_table(client, policy):
    response = client.get(policy.url)
    assert response.status_code == 200
    facts = response.context["page"]
    assert facts == policy
    html = response.content.decode()
    for label, value in [
        ("文号", "湘财企〔2023〕15号"),
        ("发文机关", "湖南省财政厅"),
        ("级别", "省级"),
        ("类别", "财税"),
        ("适用行业", "制造业"),
        ("发布日期", "2023-04-10"),
        ("施行日期", "2023-05-01"),
        ("废止日期", "2028-04-30"),
        ("状态", "现行有效"),
    ]:
        assert f"<dt>{label}</dt>" in html
        assert value in html


def test_expired_policy_says_so(client, policy_index):
    expired = PolicyPageFactory(
        parent=policy_index,
        effective_date=datetime.date(2020, 1, 1),
        expiry_date=datetime.date(2021, 1, 1),
    )
    assert "已失效" in client.get(expired.url).content.decode()


def test_lists_attachments_with_type_and_size(client, policy):
    html = client.get(policy.url).content.decode()
    for attachment in policy.attachments.all():
        assert attachment.document.url in html
        assert attachment.display_title in html
    assert "PDF · " in html
    # The served file is the document itself.
    document = policy.attachments.first().document
    download = client.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_interpretation_and_original_link_to_each_other(client, policy_index, policy):
    interpretation = PolicyPageFactory(
        parent=policy_index, title="《专项资金管理办法》政策解读", interprets=policy
    )
    original_html = client.get(policy.url).content.decode()
    assert "政策解读" in original_html
    assert f'href="{interpretation.url}"' in original_html
    interpretation_html = client.get(interpretation.url).content.decode()
    assert "本文解读" in interpretation_html
    assert f'href="{policy.url}"' in interpretation_html


def test_an_unpublished_original_is_not_linked(client, policy_index, policy):
    interpretation = PolicyPageFactory(parent=policy_index, interprets=policy)
    policy.unpublish()
    assert "本文解读" not in client.get(interpretation.url).content.decode()


def test_related_policies_share_a_category_and_skip_drafts_and_private(
    client, policy_index, policy
):
    category = policy.categories.get()
    related = PolicyPageFactory(parent=policy_index, title="同类政策", categories=[category])
    PolicyPageFactory(parent=policy_index, title="同类草稿", categories=[category], live=False)
    private = PolicyPageFactory(parent=policy_index, title="同类内部", categories=[category])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    PolicyPageFactory(parent=policy_index, title="其他类别", categories=[PolicyCategoryFactory()])

    response = client.get(policy.url)
    assert list(response.context["related_policies"]) == [related]


def test_detail_query_count_is_fixed(client, policy_index, policy):
    category = policy.categories.get()

    def measure():
        client.get(policy.url)  # warm process-wide caches
        return count_queries(lambda: client.get(policy.url))[1]

    PolicyPageFactory(parent=policy_index, categories=[category], attachments=1)
    PolicyPageFactory(parent=policy_index, interprets=policy)
    few = measure()
    for _ in range(4):
        PolicyPageFactory(parent=policy_index, categories=[category])
        PolicyPageFactory(parent=policy_index, interprets=policy)
    assert measure() == few
