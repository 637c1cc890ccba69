"""Demo-like data behind every /api/v2/ endpoint, and the OpenAPI document, for the schema tests.

One object of each kind the API lists, with the optional parts filled (attachments, categories,
images with their renditions), built with the factories: `seed_demo` takes over a minute.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from home.factories import StandardPageFactory
from marketplace.catalogue.models import Demand
from marketplace.members.factories import EnterpriseFactory, WindowPlatformFactory
from marketplace.members.models import WindowPlatform
from marketplace.members.workflows import ensure_review_setup
from notices.factories import (
    ActivityNoticePageFactory,
    NewsPageFactory,
    NoticeIndexPageFactory,
    ProjectDeclarationPageFactory,
)
from notices.models import NoticeKind
from policies.factories import (
    IndustryFactory,
    PolicyCategoryFactory,
    PolicyIndexPageFactory,
    PolicyPageFactory,
)
from portal.factories import DocumentFactory, ImageFactory
from portal.images import API_RENDITIONS, generate_renditions
from tests.marketplace.catalogue_helpers import approved_institution, make_category
from tests.marketplace.catalogue_helpers import make_product as make_service_product
from tests.marketplace.products_support import category_tree, library_image, make_product

# The settings under which the API answers every request in these tests: no anonymous limit,
# so that a burst of requests measures the endpoints, not the throttle.
UNTHROTTLED = {
    "REST_FRAMEWORK": {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}},
    "PORTAL_API_MEMBER_RATE": "",
}


def build_api_data(home_page):
    """Pages of every type with API fields, images, documents and the marketplace's rows."""
    ensure_review_setup()
    StandardPageFactory(parent=home_page, slug="about")
    policies = PolicyIndexPageFactory(parent=home_page)
    PolicyPageFactory(
        parent=policies,
        categories=[PolicyCategoryFactory(slug="financing", name="融资")],
        industries=[IndustryFactory()],
        attachments=1,
    )
    for kind, factory in (
        (NoticeKind.ACTIVITY, ActivityNoticePageFactory),
        (NoticeKind.DECLARATION, ProjectDeclarationPageFactory),
        (NoticeKind.NEWS, NewsPageFactory),
    ):
        factory(parent=NoticeIndexPageFactory(parent=home_page, kind=kind))

    image = ImageFactory()
    generate_renditions.call(image.pk, list(API_RENDITIONS.values()))
    ImageFactory()  # one whose sizes are not made yet: null renditions
    DocumentFactory()

    province = WindowPlatformFactory(
        name="湖南省中小企业公共服务平台",
        kind=WindowPlatform.Kind.PROVINCE,
        region_code="430000",
        region_name="湖南省",
    )
    changsha = WindowPlatformFactory(
        parent=province, name="长沙市综合性窗口平台", region_code="430100", region_name="长沙市"
    )
    institution = approved_institution(changsha, user__username="seller")
    tax = make_category()
    make_service_product(institution, make_category("代理记账", "bookkeeping", parent=tax))

    enterprise = EnterpriseFactory(user__username="ent-member", name="湖南麓谷智造有限公司")
    Demand.objects.create(
        title="寻找代理记账服务",
        description="每月记账报税。",
        region_name="长沙市",
        enterprise=enterprise,
        category=tax,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        contact_name="张经理",
        contact_phone="13800000000",
    )
    _, machinery, _ = category_tree()
    make_product(enterprise, machinery, images=[library_image(enterprise.user)], price="10.00")
    make_product(enterprise, machinery, name="议价产品", price=None)
