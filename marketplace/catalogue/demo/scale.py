"""Bulk service products, enterprise products and demands for `seed_demo --scale N` (see
`portal.demo_scale`), offered by the scale members of `marketplace.members.demo.scale`.

Per scale unit: 200 live service products, 300 published enterprise products and 100 open
demands. Text is put together from word lists (services by category, regions, brands, product
lines) so that search has varied, realistic Chinese to work on. The HTML written here is already
in the sanitised form the models store (bulk inserts skip `save()`).
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.images import get_image_model

from marketplace.catalogue.demo.products import CATEGORY_TREE as PRODUCT_TREE
from marketplace.catalogue.demo.products import DEMO_POOL_COLLECTION
from marketplace.catalogue.models import (
    Demand,
    EnterpriseProduct,
    EnterpriseProductImage,
    ProductCategory,
    ServiceCategory,
    ServiceProduct,
)
from marketplace.members.demo.platforms import CITIES
from marketplace.members.demo.scale import (
    ENTERPRISE_PREFIX,
    INSTITUTION_PREFIX,
    scale_enterprises,
    scale_institutions,
)
from portal.demo_scale import BRANDS, person_name, pick

SERVICE_PRODUCTS_PER_UNIT = 200
ENTERPRISE_PRODUCTS_PER_UNIT = 300
DEMANDS_PER_UNIT = 100

# Service terms by service category (the demo's category slugs).
SERVICE_TERMS = {
    "bank-loans": ["银行贷款对接", "小微企业首贷", "信用贷款融资", "续贷过桥"],
    "equity": ["股权融资路演", "天使投资对接", "股权激励方案", "上市辅导"],
    "guarantee": ["融资担保", "知识产权质押融资", "供应链金融", "应收账款融资"],
    "bookkeeping": ["代理记账", "财税代理", "电子发票托管", "财务外包"],
    "tax-planning": ["税务筹划", "研发费用加计扣除辅导", "财税合规体检", "出口退税代理"],
    "audit": ["审计验资", "财务尽职调查", "高新技术企业专项审计", "税务鉴证"],
    "counsel": ["常年法律顾问", "法律服务", "合规风控", "企业法律体检"],
    "contracts": ["合同审查", "合同起草", "电子合同合规", "商务谈判支持"],
    "labour": ["劳动争议调解", "用工合规", "劳动合同管理", "社保政策咨询"],
    "patents": ["发明专利申请", "实用新型专利", "专利检索分析", "专利布局规划"],
    "trademarks": ["商标注册", "商标异议答辩", "品牌保护", "马德里国际商标"],
    "copyright": ["软件著作权登记", "作品著作权登记", "知识产权贯标", "知识产权托管"],
    "strategy": ["战略规划咨询", "专精特新培育咨询", "商业模式设计", "企业诊断"],
    "management": ["精益生产咨询", "ISO9001认证咨询", "薪酬绩效咨询", "管理咨询"],
    "skills": ["技能人才培训", "安全生产培训", "数控技能培训", "电工上岗培训"],
    "leadership": ["中层管理培训", "人才培训", "班组长训练营", "领导力提升"],
    "hiring": ["人才招聘", "高端人才寻访", "校园招聘", "灵活用工"],
    "tech-transfer": ["技术转移对接", "科技成果评价", "产学研合作", "中试熟化"],
    "rnd": ["研发外包", "新产品研发", "工业设计", "检测方法开发"],
    "cloud": ["上云用云", "SaaS平台部署", "云服务器托管", "数据备份"],
    "iiot": ["工业互联网平台", "设备联网改造", "MES系统部署", "数字化车间"],
    "it": ["数字化转型诊断", "ERP实施", "信息化建设", "数据安全评估"],
    "fairs": ["展会服务", "产销对接会", "海外参展", "湘品出湘推介"],
    "ecommerce": ["电子商务代运营", "跨境电商", "直播带货培训", "网店装修"],
    "product-testing": ["产品检测", "环境检测", "计量校准", "材料性能检测"],
    "certification": ["检测认证", "ISO9001认证", "ISO14001认证", "CCC认证"],
}
PACKAGES = ["服务", "服务套餐", "专项服务", "一站式服务", "（基础版）", "（企业版）", "年度服务包"]
BENEFITS = [
    "帮助企业降本增效",
    "缩短办理周期",
    "降低合规风险",
    "提升核心竞争力",
    "助力数字化转型",
    "对接优质资源",
]
STEPS = ["需求沟通", "现场调研", "方案制定", "服务交付", "成果验收", "跟踪回访"]
DELIVERY = ["3 个工作日", "5 个工作日", "2 周", "1 个月", "3 个月", "按季度", "按年度"]
PRODUCT_ADJECTIVES = ["", "高效节能", "智能", "环保型", "定制款", "精品", "升级版", "出口型"]
DEMAND_PATTERNS = [
    "寻求{term}服务",
    "征集{term}服务机构",
    "{region}企业{term}需求",
    "{term}项目合作",
    "急需{term}支持",
]


def _category_terms(slug, name):
    return SERVICE_TERMS.get(slug) or [name]


def _price(number):
    """(price_mode, price, price_min, price_max) varied by `number`."""
    low = Decimal((number * 37) % 195 + 5) * 100
    mode = pick(list(ServiceProduct.PriceMode), number, 1)
    if mode == ServiceProduct.PriceMode.FIXED:
        return mode, low, None, None
    if mode == ServiceProduct.PriceMode.RANGE:
        return mode, None, low, low * 3
    return mode, None, None, None


def _covers():
    pool = list(
        get_image_model().objects.filter(collection__name=DEMO_POOL_COLLECTION).order_by("pk")
    )
    return pool


def seed_service_products(run):
    missing = run.missing(
        ServiceProduct.objects.filter(institution__user__username__startswith=INSTITUTION_PREFIX),
        SERVICE_PRODUCTS_PER_UNIT,
    )
    institutions = list(scale_institutions().order_by("pk"))
    categories = list(ServiceCategory.objects.filter(depth=2).order_by("path"))
    if not missing or not institutions or not categories:
        return 0
    covers = _covers()
    products = []
    for number in missing.numbers:
        institution = pick(institutions, number)
        category = pick(categories, number, 7)
        term = pick(_category_terms(category.slug, category.name), number, 3)
        region = institution.region_name or "湖南省"
        name = (
            f"{term}{pick(PACKAGES, number, 5)}"
            if number % 3
            else f"{region[:2]}{term}{pick(PACKAGES, number, 5)}"
        )
        mode, price, price_min, price_max = _price(number)
        published = run.days_ago(number % 500, number)
        steps = "".join(f"<li>{step}</li>" for step in STEPS[: 3 + number % 4])
        products.append(
            ServiceProduct(
                institution=institution,
                category=category,
                name=name[:100],
                summary=(
                    f"{institution.name}面向{region}中小企业提供{term}服务，"
                    f"{pick(BENEFITS, number, 5)}。"
                )[:200],
                content=(
                    f"<h3>服务内容</h3><p>{term}：{category.name}领域的专业服务，"
                    f"由{institution.name}的专业团队提供，{pick(BENEFITS, number, 7)}。</p>"
                    f"<h3>服务流程</h3><ol>{steps}</ol>"
                    f"<p>服务地区：{region}及全省。</p>"
                ),
                service_mode=pick(list(ServiceProduct.ServiceMode), number, 1),
                regions_served=region,
                price_mode=mode,
                price=price,
                price_min=price_min,
                price_max=price_max,
                delivery_period=pick(DELIVERY, number, 3),
                contact_name=person_name(number),
                contact_phone=institution.contact_phone or "0731-88880000",
                cover=pick(covers, number) if covers and number % 2 else None,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                review_status=ServiceProduct.ReviewStatus.APPROVED,
                submitted_at=published,
            )
        )
    run.bulk_create(ServiceProduct, products)
    return len(products)


def _product_lines():
    """[(leaf category, base names, unit)] of the enterprise product tree."""
    leaves = {
        (parent.name, leaf.name): leaf
        for parent in ProductCategory.get_root_nodes()
        for leaf in parent.get_children()
    }
    return [
        (leaves[(root, leaf)], names, unit)
        for root, children in PRODUCT_TREE.items()
        for leaf, (names, unit) in children.items()
        if (root, leaf) in leaves
    ]


def seed_enterprise_products(run):
    missing = run.missing(
        EnterpriseProduct.objects.filter(enterprise__user__username__startswith=ENTERPRISE_PREFIX),
        ENTERPRISE_PRODUCTS_PER_UNIT,
    )
    enterprises = list(scale_enterprises().order_by("pk"))
    lines = _product_lines()
    if not missing or not enterprises or not lines:
        return 0
    images = _covers()
    products = []
    for number in missing.numbers:
        enterprise = pick(enterprises, number)
        category, names, unit = pick(lines, number, 7)
        base_name = pick(names, number, 3)
        adjective = pick(PRODUCT_ADJECTIVES, number, 5)
        brand = pick(BRANDS, number, 13)
        model = f"{brand[:1]}{chr(65 + number % 26)}-{100 + number % 900}"
        name = f"{brand}{adjective}{base_name} {model}"
        negotiable = number % 5 == 0
        products.append(
            EnterpriseProduct(
                enterprise=enterprise,
                category=category,
                name=name[:100],
                summary=f"{enterprise.region_name}{enterprise.name}出品的{adjective}{base_name}。"[
                    :200
                ],
                price=None if negotiable else Decimal((number * 131) % 50_000 + 10),
                unit=unit,
                specifications=(
                    f"型号：{model}\n产地：湖南{enterprise.region_name}\n"
                    f"执行标准：ISO9001质量管理体系\n质保：{1 + number % 3}年"
                ),
                description=(
                    f"<h3>产品特点</h3><p>{adjective}{base_name}，性能稳定，"
                    f"由{enterprise.name}生产，售后服务覆盖全省。</p>"
                    "<ul><li>按需定制</li><li>现货供应</li><li>支持上门安装调试</li></ul>"
                ),
                status=EnterpriseProduct.Status.PUBLISHED,
                published_at=run.days_ago(number % 400, number),
            )
        )
    products = run.bulk_create(EnterpriseProduct, products)
    if images:
        run.bulk_create(
            EnterpriseProductImage,
            [
                EnterpriseProductImage(
                    product=product, image=pick(images, number + offset), sort_order=offset
                )
                for number, product in enumerate(products)
                for offset in range(1 + number % 2)
            ],
        )
    return len(products)


def seed_demands(run):
    missing = run.missing(
        Demand.objects.filter(enterprise__user__username__startswith=ENTERPRISE_PREFIX),
        DEMANDS_PER_UNIT,
    )
    enterprises = list(scale_enterprises().order_by("pk"))
    categories = list(ServiceCategory.objects.filter(depth=2).order_by("path"))
    if not missing or not enterprises or not categories:
        return 0
    today = timezone.localdate()
    demands = []
    for number in missing.numbers:
        enterprise = pick(enterprises, number, 3)
        category = pick(categories, number, 5)
        term = pick(_category_terms(category.slug, category.name), number, 7)
        region = enterprise.region_name or pick(CITIES, number)[1]
        title = pick(DEMAND_PATTERNS, number, 3).format(term=term, region=region[:2])
        demands.append(
            Demand(
                enterprise=enterprise,
                category=category,
                title=title[:100],
                description=(
                    f"{enterprise.name}（{region}）因业务发展需要，现征集{term}服务，"
                    f"希望服务机构{pick(BENEFITS, number, 5)}。请具备相关资质的机构与我们联系，"
                    "并提供服务方案和报价。"
                ),
                budget=None if number % 4 == 0 else Decimal((number * 53) % 490 + 10) * 100,
                region_code=enterprise.region_code,
                region_name=region,
                # Open and well before the deadline: every scale demand shows publicly.
                deadline=today + datetime.timedelta(days=30 + number % 300),
                contact_name=enterprise.contact_name,
                contact_phone=enterprise.contact_phone,
                status=Demand.Status.OPEN,
            )
        )
    run.bulk_create(Demand, demands)
    return len(demands)


def seed_scale(run):
    services = seed_service_products(run)
    products = seed_enterprise_products(run)
    demands = seed_demands(run)
    run.log(f"  服务产品 +{services}, 企业产品 +{products}, 需求 +{demands}")
