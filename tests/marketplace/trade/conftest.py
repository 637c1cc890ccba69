"""The parties of a trade, shared by the order, evaluation and member-API tests."""

import pytest

from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.workflows import ensure_review_setup
from tests.marketplace.catalogue_helpers import make_category, make_product


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


@pytest.fixture
def seller(changsha):
    return InstitutionFactory(
        user__username="seller", platform=changsha, name="星城财税服务", approved=True
    )


@pytest.fixture
def product(seller):
    return make_product(seller, make_category())


@pytest.fixture
def buyer(db):
    return EnterpriseFactory(user__username="buyer", name="湖南麓谷智造有限公司")


@pytest.fixture
def other_enterprise(db):
    return EnterpriseFactory(user__username="other-ent", name="其他企业")


@pytest.fixture
def other_institution(zhuzhou):
    return InstitutionFactory(user__username="other-inst", platform=zhuzhou, approved=True)
