"""Fixtures for members and platforms: a small platform tree and one member of each kind."""

import pytest

from marketplace.members.factories import (
    EnterpriseFactory,
    InstitutionFactory,
    WindowPlatformFactory,
)
from marketplace.members.models import WindowPlatform

# The Wagtail collection every member's images go under: a fixture of the apps' tests alike.
from tests.marketplace.products_support import collection_root  # noqa: F401


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
def changsha_county(changsha):
    return WindowPlatformFactory(
        parent=changsha,
        name="长沙县窗口平台",
        kind=WindowPlatform.Kind.COUNTY,
        region_code="430121",
        region_name="长沙县",
    )


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory(user__username="ent-member", name="湖南麓谷智造有限公司")


@pytest.fixture
def institution(changsha):
    return InstitutionFactory(user__username="inst-member", platform=changsha, name="星城财税服务")


@pytest.fixture
def enterprise_client(client, enterprise):
    client.force_login(enterprise.user)
    return client


@pytest.fixture
def institution_client(client, institution):
    client.force_login(institution.user)
    return client
