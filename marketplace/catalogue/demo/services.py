"""Demo data for the service catalogue: the category tree, 200 service products in every review
state and 100 demands (some expired, some closed). Idempotent: run `seed_demo` as often as you
like; what exists is kept.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.actions.create import CreateAction

from marketplace.catalogue.models import Demand, ServiceCategory, ServiceProduct
from marketplace.members.demo.qualifications import reviewer_for
from marketplace.members.models import Enterprise, Institution
from marketplace.members.workflows import ensure_review_setup, submit_for_review

# (name, slug, [(child name, child slug), …])
CATEGORY_TREE = [
    (
        "融资服务",
        "finance",
        [("银行贷款", "bank-loans"), ("股权融资", "equity"), ("融资担保", "guarantee")],
    ),
    (
        "财税服务",
        "tax",
        [("代理记账", "bookkeeping"), ("税务筹划", "tax-planning"), ("审计验资", "audit")],
    ),
    (
        "法律服务",
        "legal",
        [("法律顾问", "counsel"), ("合同审查", "contracts"), ("劳动争议", "labour")],
    ),
    (
        "知识产权",
        "ip",
        [("专利申请", "patents"), ("商标注册", "trademarks"), ("软件著作权", "copyright")],
    ),
    ("管理咨询", "consulting", [("战略规划", "strategy"), ("企业管理", "management")]),
    (
        "人才培训",
        "training",
        [("技能培训", "skills"), ("管理培训", "leadership"), ("人才招聘", "hiring")],
    ),
    ("技术创新", "innovation", [("技术转移", "tech-transfer"), ("研发服务", "rnd")]),
    (
        "数字化转型",
        "digital",
        [("上云用云", "cloud"), ("工业互联网", "iiot"), ("信息化建设", "it")],
    ),
    ("市场开拓", "market", [("展会服务", "fairs"), ("电子商务", "ecommerce")]),
    ("检验检测", "testing", [("产品检测", "product-testing"), ("认证服务", "certification")]),
]
PRODUCTS = 200
DEMANDS = 100


def seed_categories():
    for order, (name, slug, children) in enumerate(CATEGORY_TREE, start=1):
        root = ServiceCategory.objects.filter(slug=slug).first() or ServiceCategory.add_root(
            instance=ServiceCategory(name=name, slug=slug, sort_order=order * 10)
        )
        for child_order, (child_name, child_slug) in enumerate(children, start=1):
            if not ServiceCategory.objects.filter(slug=child_slug).exists():
                root.add_child(
                    instance=ServiceCategory(
                        name=child_name, slug=child_slug, sort_order=child_order
                    )
                )
    return list(ServiceCategory.objects.filter(depth=2))


def _product(institution, category, index, rng):
    price_mode = rng.choice(list(ServiceProduct.PriceMode))
    low = Decimal(rng.randrange(5, 200) * 100)
    return ServiceProduct(
        institution=institution,
        category=category,
        name=f"{category.name}服务套餐{index:03d}",
        summary=f"{institution.name}提供的{category.name}服务，面向湖南省中小企业。",
        content=f"<p>{category.name}：需求沟通、方案制定、服务交付、跟踪回访。</p>",
        service_mode=rng.choice(list(ServiceProduct.ServiceMode)),
        regions_served=institution.region_name or "湖南省",
        price_mode=price_mode,
        price=low if price_mode == ServiceProduct.PriceMode.FIXED else None,
        price_min=low if price_mode == ServiceProduct.PriceMode.RANGE else None,
        price_max=low * 3 if price_mode == ServiceProduct.PriceMode.RANGE else None,
        delivery_period=rng.choice(["3 个工作日", "2 周", "1 个月", "按季度"]),
        contact_name="客户经理",
        contact_phone=institution.contact_phone or "0731-88880000",
        live=False,
    )


def seed_service_products(ctx, categories):
    institutions = list(Institution.objects.approved().select_related("user", "platform"))
    existing = ServiceProduct.objects.count()
    if not institutions or existing >= PRODUCTS:
        return existing
    rng = ctx.rng
    for index in range(existing, PRODUCTS):
        institution = institutions[index % len(institutions)]
        product = CreateAction(
            _product(institution, rng.choice(categories), index, rng), user=institution.user
        ).execute(skip_permission_checks=True)
        # Most are on sale; the rest show every review state in the centre and the admin.
        state = rng.choices(["live", "draft", "review", "rejected"], weights=[14, 2, 2, 2])[0]
        if state == "live":
            product.get_latest_revision().publish(user=None)
        elif state in ("review", "rejected"):
            submit_for_review(ServiceProduct.objects.get(pk=product.pk), institution.user)
            if state == "rejected" and (reviewer := reviewer_for(institution)):
                product = ServiceProduct.objects.get(pk=product.pk)
                task_state = product.current_workflow_task_state
                task_state.task.specific.on_action(
                    task_state, reviewer, "reject", comment="请补充服务流程与收费明细。"
                )
        ServiceProduct.objects.get(pk=product.pk).refresh_review_status()
    return ServiceProduct.objects.count()


def seed_demands(ctx, categories):
    existing = Demand.objects.count()
    enterprises = [e for e in Enterprise.objects.all() if e.is_complete]
    if not enterprises or existing >= DEMANDS:
        return existing
    rng, today, now = ctx.rng, timezone.localdate(), timezone.now()
    demands = []
    for index in range(existing, DEMANDS):
        enterprise = enterprises[index % len(enterprises)]
        category = rng.choice(categories)
        # One in ten expired, one in ten closed: they must not show publicly.
        days = rng.randrange(-30, -1) if index % 10 == 3 else rng.randrange(5, 90)
        closed = index % 10 == 7
        demands.append(
            Demand(
                enterprise=enterprise,
                category=category,
                title=f"寻求{category.name}服务（{index:03d}）",
                description=f"{enterprise.name}需要{category.name}方面的专业服务，欢迎服务机构联系。",
                budget=None if index % 4 == 0 else Decimal(rng.randrange(10, 500) * 100),
                region_code=enterprise.region_code,
                region_name=enterprise.region_name,
                deadline=today + datetime.timedelta(days=days),
                contact_name=enterprise.contact_name,
                contact_phone=enterprise.contact_phone,
                status=Demand.Status.CLOSED if closed else Demand.Status.OPEN,
                closed_at=now if closed else None,
            )
        )
    Demand.objects.bulk_create(demands)
    return Demand.objects.count()


@transaction.atomic
def seed_catalogue(ctx):
    ensure_review_setup()
    categories = seed_categories()
    products = seed_service_products(ctx, categories)
    demands = seed_demands(ctx, categories)
    ctx.log(f"  服务类目 {ServiceCategory.objects.count()}, 服务产品 {products}, 需求 {demands}")
