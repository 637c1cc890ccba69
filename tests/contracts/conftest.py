"""Fixtures for contracts: an order between an enterprise and an institution, the staff who may
see its contract and the users who may not, and helpers."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase

from contracts.models import Contract
from marketplace.members.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    WindowPlatformFactory,
)
from marketplace.members.models import WindowPlatform
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP
from marketplace.trade.models import Order
from portal.factories import SuperUserFactory, UserFactory
from tests.marketplace.catalogue_helpers import make_category, make_product

CONTENT = {
    "service_content": "代理记账、纳税申报、年度汇算清缴。",
    "amount": Decimal("12345.67"),
    "service_start": datetime.date(2027, 1, 1),
    "service_end": datetime.date(2027, 12, 31),
    "place": "甲方办公地点",
    "payment_terms": "合同签订后 5 个工作日内一次性支付。",
    "acceptance_criteria": "按月提交账簿与申报回执。",
    "breach_clauses": "按合同金额千分之一每日计算违约金。",
    "dispute_resolution": "向甲方所在地人民法院起诉。",
}


def form_data(**overrides):
    data = {
        key: (value.isoformat() if isinstance(value, datetime.date) else str(value))
        for key, value in CONTENT.items()
    }
    data.update(
        party_a_name="湖南麓谷智造有限公司",
        party_b_name="星城财税服务有限公司",
        product_name="代理记账服务",
    )
    data.update(overrides)
    return data


@pytest.fixture
def province(db):
    return WindowPlatformFactory(
        name="湖南省中小企业公共服务平台",
        kind=WindowPlatform.Kind.PROVINCE,
        region_code="430000",
        region_name="湖南省",
    )


@pytest.fixture
def changsha(province):
    return WindowPlatformFactory(
        parent=province, name="长沙市综合性窗口平台", region_code="430100", region_name="长沙市"
    )


@pytest.fixture
def zhuzhou(province):
    return WindowPlatformFactory(
        parent=province, name="株洲市综合性窗口平台", region_code="430200", region_name="株洲市"
    )


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory(user__username="ent-member", name="湖南麓谷智造有限公司")


@pytest.fixture
def institution(changsha):
    return InstitutionFactory(
        user__username="inst-member",
        platform=changsha,
        name="星城财税服务有限公司",
        approved=True,
    )


@pytest.fixture
def other_enterprise(db):
    return EnterpriseFactory(user__username="ent-other", name="株洲其他企业有限公司")


@pytest.fixture
def other_institution(zhuzhou):
    return InstitutionFactory(
        user__username="inst-other", platform=zhuzhou, name="其他服务机构", approved=True
    )


@pytest.fixture
def platform_staff(changsha, province):
    """Staff who may see the contract of an order with the 长沙 institution, in this order: a
    reviewer of its platform, a reviewer of the province, a provincial operator, a superuser."""
    reviewer = UserFactory(username="changsha-reviewer", is_staff=True)
    changsha.reviewers.add(reviewer)
    province_reviewer = UserFactory(username="province-reviewer", is_staff=True)
    province.reviewers.add(province_reviewer)
    operator = UserFactory(username="operator", is_staff=True)
    operator.groups.add(Group.objects.get_or_create(name=PROVINCIAL_STAFF_GROUP)[0])
    superuser = SuperUserFactory(username="root")
    return [reviewer, province_reviewer, operator, superuser]


@pytest.fixture
def outsiders(other_enterprise, other_institution, zhuzhou):
    """Logged-in users who may not: another enterprise, another institution, a reviewer of
    another platform (株洲) and an inactive superuser. Anonymous visitors are tried apart."""
    other_reviewer = UserFactory(username="zhuzhou-reviewer", is_staff=True)
    zhuzhou.reviewers.add(other_reviewer)
    inactive = SuperUserFactory(username="inactive-root", is_active=False)
    return [other_enterprise.user, other_institution.user, other_reviewer, inactive]


@pytest.fixture
def product(institution):
    category = make_category()
    return make_product(institution, category, price="12345.67")


@pytest.fixture
def order(enterprise, product):
    return Order.place(enterprise.user, product, quantity_or_scope="一年")


def fill(contract, user, **overrides):
    return contract.save_draft(user, {**CONTENT, **overrides})


@pytest.fixture
def sent_contract(order, institution):
    contract = Contract.make_for(order, institution.user)
    fill(contract, institution.user)
    return contract.send(institution.user)


def confirm(contract, user):
    """确认合同 as a request does it: the PDF task (immediate backend) runs when the
    confirmation commits, which a test's enclosing transaction would otherwise hold back."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        contract.confirm(user)
    contract.refresh_from_db()  # the task stored the PDF on its own copy
    return contract


@pytest.fixture
def confirmed_contract(sent_contract, enterprise):
    return confirm(sent_contract, enterprise.user)
