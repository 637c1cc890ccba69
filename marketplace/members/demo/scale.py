"""Bulk members for `seed_demo --scale N` (see `portal.demo_scale`).

Per scale unit: 50 institutions (public through an approved 资质表 each) and 50 enterprises with
complete profiles. Members are `scale-inst-NNNNNN` / `scale-ent-NNNNNN`: the other apps' scale
data (`marketplace.catalogue.demo.scale`, `marketplace.trade.demo.scale`,
`contracts.demo.scale`) hangs off them and finds them through `scale_institutions()` /
`scale_enterprises()`, which is also how a second run finds what exists and only tops it up.
"""

from django.core.files.base import ContentFile
from wagtail.models import Revision

from marketplace.members.demo.enterprises import ENTERPRISE_TRADES
from marketplace.members.demo.platforms import CITIES
from marketplace.members.demo.qualifications import make_id_number, pdf_scan_bytes, png_scan_bytes
from marketplace.members.factories import make_credit_code
from marketplace.members.models import Enterprise, Institution, Qualification, WindowPlatform
from marketplace.members.models.qualifications import private_storage
from portal.demo_scale import BATCH_SIZE, BRANDS, SCALE_PREFIX, create_users, person_name, pick

INSTITUTIONS_PER_UNIT = 50
ENTERPRISES_PER_UNIT = 50
INSTITUTION_PREFIX = f"{SCALE_PREFIX}inst-"
ENTERPRISE_PREFIX = f"{SCALE_PREFIX}ent-"

# What institutions of each kind are called and do.
GOVERNMENT_UNITS = [
    "中小企业服务中心",
    "科技成果转化服务中心",
    "人才交流服务中心",
    "知识产权服务中心",
    "企业融资服务中心",
    "工业和信息化服务中心",
    "数字经济服务中心",
    "质量技术服务中心",
]
SOCIAL_DOMAINS = [
    ("财税咨询", "代理记账、税务筹划、财税合规体检、研发费用加计扣除辅导"),
    ("知识产权代理", "专利申请、商标注册、软件著作权登记、知识产权贯标"),
    ("律师事务", "常年法律顾问、合同审查、劳动争议、股权架构设计"),
    ("检验检测", "产品检测、检测认证、ISO9001认证辅导、计量校准"),
    ("管理咨询", "战略规划、精益生产、薪酬绩效、专精特新培育咨询"),
    ("融资担保", "融资担保、银行贷款对接、知识产权质押融资、供应链金融"),
    ("人力资源", "人才招聘、技能培训、劳务派遣、人才测评"),
    ("认证服务", "ISO9001认证、ISO14001认证、CCC认证、绿色工厂评价"),
    ("技术转移", "技术转移对接、产学研合作、科技成果评价、中试熟化"),
    ("会计师事务", "审计验资、财务尽调、税务鉴证、上市辅导"),
]
SOCIAL_SUFFIXES = ["有限公司", "服务有限公司", "事务所", "研究院有限公司", "中心"]
SAAS_DOMAINS = [
    ("云财税", "在线记账、电子发票、SaaS平台财税一体化"),
    ("工业互联网", "设备上云、工业互联网平台、MES系统、数字化车间"),
    ("电子合同", "电子签章、电子合同、合同全生命周期管理SaaS平台"),
    ("协同办公", "OA协同、移动审批、企业即时通讯"),
    ("智能制造", "MES系统、WMS仓储、生产排程、质量追溯"),
    ("供应链", "采购协同、供应链金融、物流追踪SaaS平台"),
    ("数据安全", "数据安全评估、等保测评、云安全服务"),
    ("ERP云", "ERP云服务、进销存、财务业务一体化"),
]
EXPERT_FIELDS = [
    ("财税", "高级会计师"),
    ("知识产权", "专利代理师"),
    ("智能制造", "高级工程师"),
    ("人力资源", "高级经济师"),
    ("企业法律", "律师"),
    ("数字化转型", "高级工程师"),
    ("市场营销", "研究员"),
    ("质量管理", "高级工程师"),
    ("融资", "注册金融分析师"),
]
KINDS = [
    Institution.Kind.SOCIAL,
    Institution.Kind.SOCIAL,
    Institution.Kind.GOVERNMENT,
    Institution.Kind.SAAS,
    Institution.Kind.EXPERT,
]
ENTERPRISE_ADJECTIVES = ["", "新", "华", "盛", "恒", "鑫", "泰", "创"]
STREETS = [
    "创业大道",
    "麓谷大道",
    "岳麓大道",
    "人民中路",
    "芙蓉中路",
    "天元大道",
    "湘江路",
    "书院路",
]


# A brand that is a city's name ("湘潭") would put the institution in another city than its
# platform's: the names use the others.
CITY_SHORT_NAMES = {name[:2] for _code, name in CITIES}
INSTITUTION_BRANDS = [brand for brand in BRANDS if brand[:2] not in CITY_SHORT_NAMES]


def _institution(number, platform):
    """An institution of a kind chosen by `number`, in `platform`'s region. Not public by
    itself: `seed_qualifications` gives it its approved 资质表."""
    kind = pick(KINDS, number)
    city = platform.region_name
    brand = pick(INSTITUTION_BRANDS, number, 7)
    if kind == Institution.Kind.GOVERNMENT:
        name = f"{city}{pick(GOVERNMENT_UNITS, number, 3)}"
        scope = "政策咨询、惠企政策申报辅导、企业培训、供需对接"
    elif kind == Institution.Kind.SOCIAL:
        domain, scope = pick(SOCIAL_DOMAINS, number, 3)
        name = f"湖南{brand}{domain}{pick(SOCIAL_SUFFIXES, number, 11)}"
    elif kind == Institution.Kind.SAAS:
        domain, scope = pick(SAAS_DOMAINS, number, 3)
        name = f"{city[:2]}{brand}{domain}科技有限公司"
    else:
        domain, title = pick(EXPERT_FIELDS, number, 3)
        name = f"{person_name(number)}（{domain}专家）"
        scope = f"{domain}专题讲座、企业诊断、一对一咨询（{title}）"
    return Institution(
        kind=kind,
        platform=platform,
        name=name[:150],
        introduction=(
            f"{name}立足{city}，服务全省中小企业，主要提供{scope}等服务，"
            "已为数百家企业提供专业支持。"
        ),
        service_scope=scope,
        region_code=platform.region_code,
        region_name=city,
        contact_phone=f"0731-8{number % 1000_0000:07d}",
    )


def seed_institutions(run):
    missing = run.missing(scale_institutions(), INSTITUTIONS_PER_UNIT)
    if not missing:
        return 0
    platforms = list(
        WindowPlatform.objects.exclude(kind=WindowPlatform.Kind.PROVINCE).order_by("path")
    )
    numbers = missing.numbers
    institutions = [_institution(n, pick(platforms, n, 5)) for n in numbers]
    users = create_users(
        run,
        [
            (f"{INSTITUTION_PREFIX}{n:06d}", institution.name)
            for n, institution in zip(numbers, institutions, strict=True)
        ],
    )
    for n, institution, user in zip(numbers, institutions, users, strict=True):
        institution.user = user
        institution.approved_at = run.days_ago(n % 700, n)
    run.bulk_create(Institution, institutions)
    seed_qualifications(run, institutions)
    return len(institutions)


def publish_revisions(run, qualifications):
    """What approving the review leaves behind, in bulk: each qualification's content as a
    revision, published (`live_revision`), which is what makes its institution public."""
    content_type = Qualification.get_base_content_type()
    revisions = run.bulk_create(
        Revision,
        [
            Revision(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(qualification.pk),
                created_at=qualification.last_published_at or run.now,
                object_str=str(qualification),
                content=qualification.serializable_data(),
            )
            for qualification in qualifications
        ],
    )
    for qualification, revision in zip(qualifications, revisions, strict=True):
        qualification.live_revision = qualification.latest_revision = revision
    Qualification.objects.bulk_update(
        qualifications, ["live_revision", "latest_revision"], batch_size=BATCH_SIZE
    )


def repair_qualifications(run):
    """Scale qualifications made before they had revisions (live, but no live revision) get
    theirs, and the institutions' `is_approved` mirror follows; nothing to do on a new run."""
    unpublished = list(
        Qualification.objects.filter(
            institution__user__username__startswith=INSTITUTION_PREFIX,
            live=True,
            live_revision__isnull=True,
        ).select_related("institution")
    )
    if unpublished:
        publish_revisions(run, unpublished)
    return unpublished


def _shared_file(name, content):
    """One private file every scale row points at (stored once, found again on later runs)."""
    storage = private_storage()
    if not storage.exists(name):
        name = storage.save(name, ContentFile(content))
    return name


def seed_qualifications(run, institutions):
    """An approved 资质表 for each new institution, as if its review had passed."""
    licence = _shared_file("qualifications/scale/licence.png", png_scan_bytes("licence"))
    certificate = _shared_file(
        "qualifications/scale/certificate.pdf", pdf_scan_bytes("certificate")
    )
    rng = run.rng
    qualifications = []
    for number, institution in enumerate(institutions):
        approved = institution.approved_at
        values = {
            "institution": institution,
            "contact_phone": institution.contact_phone,
            "contact_email": f"{institution.user.username}@example.com",
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": approved,
            "last_published_at": approved,
            "review_status": Qualification.ReviewStatus.APPROVED,
            "submitted_at": approved,
        }
        if institution.kind == Institution.Kind.EXPERT:
            field, title = pick(EXPERT_FIELDS, number, 3)
            values.update(
                expert_name=institution.name.split("（")[0],
                id_number=make_id_number(rng),
                professional_title=title,
                professional_field=field,
                resume=f"从事{field}工作二十余年，曾任多家中小企业顾问。",
                certificates=certificate,
            )
        else:
            values.update(
                legal_name=institution.name,
                credit_code=make_credit_code(institution.region_code, rng),
                legal_representative=person_name(number + 3),
                licence=licence,
                service_scope=institution.service_scope,
                service_categories="、".join(institution.service_scope.split("、")[:2]),
                contact_name=person_name(number + 5),
                introduction=institution.introduction,
            )
        qualifications.append(Qualification(**values))
    publish_revisions(run, run.bulk_create(Qualification, qualifications))


def _enterprise(number, city_code, city_name):
    trade, industry = pick(ENTERPRISE_TRADES, number, 3)
    brand = pick(BRANDS, number, 11) + pick(ENTERPRISE_ADJECTIVES, number, 5)
    name = f"{city_name[:2]}{brand}{trade}有限公司"
    return Enterprise(
        name=name,
        region_code=city_code,
        region_name=city_name,
        industry=industry,
        scale=pick(Enterprise.Scale.values[:3], number),
        address=f"湖南省{city_name}{pick(STREETS, number, 3)}{number % 999 + 1}号",
        contact_name=person_name(number),
        contact_phone=f"13{number % 10}{number:08d}"[-11:],
        introduction=(
            f"{name}是{city_name}一家{trade}领域的中小企业，专注产品研发与市场开拓，"
            "正在推进数字化转型和质量体系建设。"
        ),
    )


def seed_enterprises(run):
    missing = run.missing(scale_enterprises(), ENTERPRISES_PER_UNIT)
    if not missing:
        return 0
    numbers = missing.numbers
    enterprises = [_enterprise(n, *pick(CITIES, n, 3)) for n in numbers]
    users = create_users(
        run,
        [
            (f"{ENTERPRISE_PREFIX}{n:06d}", enterprise.name)
            for n, enterprise in zip(numbers, enterprises, strict=True)
        ],
    )
    for enterprise, user in zip(enterprises, users, strict=True):
        enterprise.user = user
        enterprise.contact_email = user.email
        enterprise.credit_code = make_credit_code(enterprise.region_code, run.rng)
    run.bulk_create(Enterprise, enterprises)
    return len(enterprises)


def scale_institutions():
    return Institution.objects.filter(user__username__startswith=INSTITUTION_PREFIX)


def scale_enterprises():
    return Enterprise.objects.filter(user__username__startswith=ENTERPRISE_PREFIX)


def seed_scale(run):
    institutions = seed_institutions(run)
    repaired = repair_qualifications(run)
    scale_institutions().sync_approval_flags()
    if repaired:
        run.log(f"  资质 {len(repaired)} 份补上审核通过的版本")
    enterprises = seed_enterprises(run)
    run.log(f"  服务机构 +{institutions}, 企业 +{enterprises}")
