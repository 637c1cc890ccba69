import datetime

import pytest
from django.core.exceptions import ValidationError

from policies.factories import IssuingBodyFactory, PolicyPageFactory
from policies.models import PolicyIndexPage, PolicyLevel, PolicyPage, PolicyStatus

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("effective", "expiry", "status"),
    [
        (None, None, PolicyStatus.IN_FORCE),
        (TODAY - DAY, TODAY + DAY, PolicyStatus.IN_FORCE),
        (TODAY, None, PolicyStatus.IN_FORCE),
        (TODAY + DAY, None, PolicyStatus.UPCOMING),
        (TODAY - 10 * DAY, TODAY, PolicyStatus.EXPIRED),
        (None, TODAY - DAY, PolicyStatus.EXPIRED),
    ],
)
def test_status_and_in_force_agree_with_the_queryset(policy_index, effective, expiry, status):
    policy = PolicyPageFactory(parent=policy_index, effective_date=effective, expiry_date=expiry)
    assert policy.status == status
    assert policy.in_force is (status == PolicyStatus.IN_FORCE)
    assert list(PolicyPage.objects.with_status(status)) == [policy]
    others = set(PolicyStatus.values) - {status}
    assert not any(PolicyPage.objects.with_status(other).exists() for other in others)


def test_level_defaults_to_the_issuing_bodys_level(policy_index):
    ministry = IssuingBodyFactory(name="工业和信息化部", level=PolicyLevel.NATIONAL)
    policy = PolicyPageFactory(parent=policy_index, issuing_body=ministry, level="")
    assert policy.level == PolicyLevel.NATIONAL
    explicit = PolicyPageFactory(
        parent=policy_index, issuing_body=ministry, level=PolicyLevel.PROVINCIAL
    )
    assert explicit.level == PolicyLevel.PROVINCIAL


def test_expiry_must_follow_effective_date(policy_index):
    policy = PolicyPageFactory(parent=policy_index)
    policy.effective_date = TODAY
    policy.expiry_date = TODAY
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "expiry_date" in error.value.message_dict


def test_interpretation_links_both_ways(policy_index):
    policy = PolicyPageFactory(parent=policy_index)
    interpretation = PolicyPageFactory(parent=policy_index, interprets=policy)
    assert interpretation.is_interpretation and not policy.is_interpretation
    assert interpretation.interpreted_policy == policy
    assert list(policy.interpretations.all()) == [interpretation]


def test_page_tree_rules():
    from home.models import HomePage

    assert PolicyIndexPage.allowed_parent_page_models() == [HomePage]
    assert PolicyIndexPage.allowed_subpage_models() == [PolicyPage]
    assert PolicyPage.allowed_parent_page_models() == [PolicyIndexPage]
    assert PolicyPage.allowed_subpage_models() == []
