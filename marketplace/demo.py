"""Demo data of the marketplace: the platform tree, institutions, enterprises, reviewers.

Idempotent: platforms are found by region code and name, members by username, so running
`seed_demo` twice leaves one copy of everything.
"""

from importlib import util

from django.contrib.auth import get_user_model

from marketplace.factories import make_credit_code
from marketplace.models import Enterprise, Industry, Institution, WindowPlatform

User = get_user_model()

PROVINCE = ("湖南省中小企业公共服务平台", "430000", "湖南省")
CITIES = [
    ("430100", "长沙市"),
    ("430200", "株洲市"),
    ("430300", "湘潭市"),
    ("430400", "衡阳市"),
    ("430500", "邵阳市"),
    ("430600", "岳阳市"),
    ("430700", "常德市"),
    ("430800", "张家界市"),
    ("430900", "益阳市"),
    ("431000", "郴州市"),
    ("431100", "永州市"),
    ("431200", "怀化市"),
    ("431300", "娄底市"),
    ("433100", "湘西土家族苗族自治州"),
]
# (parent city code, name, region code, region name)
CLUSTERS = [
    ("430100", "长沙工程机械产业集群窗口平台", "430100", "长沙市"),
    ("430200", "株洲轨道交通装备产业集群窗口平台", "430200", "株洲市"),
    ("430300", "湘潭先进钢铁材料产业集群窗口平台", "430300", "湘潭市"),
]
COUNTIES = [
    ("430100", "长沙县窗口平台", "430121", "长沙县"),
    ("430100", "浏阳市窗口平台", "430181", "浏阳市"),
    ("430100", "长沙经开区园区窗口平台", "430121", "长沙县"),
    ("430200", "醴陵市窗口平台", "430281", "醴陵市"),
    ("430600", "汨罗市窗口平台", "430681", "汨罗市"),
]

# (kind, name, window platform): every institution sits on a platform of the city its name says
# (or, for names without a city, a platform it plausibly belongs to); its region is the
# platform's. Whether it is public is not set here: `demo_qualifications` gives each a 资质表 in
# a review state by position (approved, in review, overdue, rejected, draft, approved with a
# change in review, …), and only the approved ones — the 1st, 6th, 7th, 12th, … — become public,
# through the review. The others stay unapproved and private on purpose, to demo the review.
CITY = "{}综合性窗口平台".format
INSTITUTIONS = [
    (Institution.Kind.GOVERNMENT, "长沙市中小企业服务中心", CITY("长沙市")),
    (Institution.Kind.GOVERNMENT, "株洲市中小企业服务中心", CITY("株洲市")),
    (Institution.Kind.GOVERNMENT, "湘潭市科技成果转化服务中心", CITY("湘潭市")),
    (Institution.Kind.GOVERNMENT, "衡阳市人才交流服务中心", CITY("衡阳市")),
    (Institution.Kind.GOVERNMENT, "岳阳市知识产权服务中心", CITY("岳阳市")),
    (Institution.Kind.GOVERNMENT, "常德市企业融资服务中心", CITY("常德市")),
    (Institution.Kind.GOVERNMENT, "郴州市商务服务中心", CITY("郴州市")),
    (Institution.Kind.SOCIAL, "湖南星城财税咨询有限公司", CITY("长沙市")),
    (Institution.Kind.SOCIAL, "湖南湘江律师事务所", CITY("长沙市")),
    (Institution.Kind.SOCIAL, "株洲动力谷管理咨询有限公司", CITY("株洲市")),
    (Institution.Kind.SOCIAL, "湖南麓山知识产权代理有限公司", CITY("长沙市")),
    (Institution.Kind.SOCIAL, "湘潭创新检验检测有限公司", "湘潭先进钢铁材料产业集群窗口平台"),
    (Institution.Kind.SOCIAL, "湖南三湘融资担保有限公司", "长沙县窗口平台"),
    (Institution.Kind.SOCIAL, "岳阳洞庭人力资源服务有限公司", "汨罗市窗口平台"),
    (Institution.Kind.SOCIAL, "浏阳花炮安全技术服务有限公司", "浏阳市窗口平台"),
    (Institution.Kind.SOCIAL, "醴陵陶瓷设计研究院有限公司", "醴陵市窗口平台"),
    (Institution.Kind.SAAS, "湖南云账房信息技术有限公司", "长沙经开区园区窗口平台"),
    (Institution.Kind.SAAS, "长沙智造云工业互联网有限公司", "长沙工程机械产业集群窗口平台"),
    (Institution.Kind.SAAS, "湖南易签电子合同服务有限公司", CITY("长沙市")),
    (Institution.Kind.SAAS, "株洲轨道云数据服务有限公司", "株洲轨道交通装备产业集群窗口平台"),
    (Institution.Kind.SAAS, "湖南数链供应链科技有限公司", CITY("株洲市")),
    (Institution.Kind.SAAS, "长沙企服宝软件有限公司", CITY("长沙市")),
    (Institution.Kind.SAAS, "湖南芙蓉云ERP科技有限公司", CITY("长沙市")),
    (Institution.Kind.EXPERT, "李建华（财税专家）", CITY("长沙市")),
    (Institution.Kind.EXPERT, "王晓红（知识产权专家）", CITY("株洲市")),
    (Institution.Kind.EXPERT, "陈志强（智能制造专家）", CITY("湘潭市")),
    (Institution.Kind.EXPERT, "刘芳（人力资源专家）", CITY("衡阳市")),
    (Institution.Kind.EXPERT, "周明（企业法律顾问）", CITY("长沙市")),
    (Institution.Kind.EXPERT, "赵磊（数字化转型专家）", CITY("株洲市")),
    (Institution.Kind.EXPERT, "黄丽（市场营销专家）", CITY("常德市")),
]
SERVICE_SCOPES = {
    Institution.Kind.GOVERNMENT: "政策咨询、惠企政策申报辅导、企业培训、供需对接",
    Institution.Kind.SOCIAL: "代理记账、税务筹划、法律咨询、知识产权、管理咨询、检验检测",
    Institution.Kind.SAAS: "在线财务、协同办公、电子合同、工业互联网平台、ERP 云服务",
    Institution.Kind.EXPERT: "专题讲座、企业诊断、一对一咨询",
}

ENTERPRISE_CITIES = ["长沙", "株洲", "湘潭", "衡阳", "岳阳", "常德", "郴州", "益阳", "娄底", "怀化"]
ENTERPRISE_BRANDS = [
    "麓谷",
    "星沙",
    "湘江",
    "岳麓",
    "芙蓉",
    "洞庭",
    "韶山",
    "南岳",
    "桃花源",
    "梅溪",
]
ENTERPRISE_TRADES = [
    ("智能装备制造", "C"),
    ("新材料科技", "C"),
    ("软件开发", "I"),
    ("农业科技", "A"),
    ("食品", "C"),
    ("物流", "G"),
    ("建筑工程", "E"),
    ("电子商务", "F"),
    ("检测技术", "M"),
    ("文化传媒", "R"),
]
CITY_CODES = {name[:2]: code for code, name in CITIES}

ENTERPRISE_DEMO_LOGIN = ("demo-enterprise", "Demo-Enterprise-2026")
INSTITUTION_DEMO_LOGIN = ("demo-institution", "Demo-Institution-2026")
REVIEWER_LOGINS = {
    "430100": ("reviewer-changsha", "Reviewer-Changsha-2026"),
    "430200": ("reviewer-zhuzhou", "Reviewer-Zhuzhou-2026"),
}


def _platform(parent, name, kind, region_code, region_name):
    existing = WindowPlatform.objects.filter(name=name).first()
    if existing:
        return existing
    node = WindowPlatform(name=name, kind=kind, region_code=region_code, region_name=region_name)
    return parent.add_child(instance=node) if parent else WindowPlatform.add_root(instance=node)


def seed_platforms():
    province = _platform(None, PROVINCE[0], WindowPlatform.Kind.PROVINCE, *PROVINCE[1:])
    cities = {
        code: _platform(province, f"{name}综合性窗口平台", WindowPlatform.Kind.CITY, code, name)
        for code, name in CITIES
    }
    for parent_code, name, code, region in CLUSTERS:
        _platform(cities[parent_code], name, WindowPlatform.Kind.CLUSTER, code, region)
    for parent_code, name, code, region in COUNTIES:
        _platform(cities[parent_code], name, WindowPlatform.Kind.COUNTY, code, region)
    return province, cities


def _user(username, password, *, email, display_name, is_staff=False):
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": email, "display_name": display_name}
    )
    user.is_staff = is_staff or user.is_staff
    user.is_active = True
    # Demo data only: the printed credentials must always be true.
    user.set_password(password)
    user.save()
    return user


def seed_reviewers(ctx, cities):
    for code, (username, password) in REVIEWER_LOGINS.items():
        platform = cities[code]
        reviewer = _user(
            username,
            password,
            email=f"{username}@example.com",
            display_name=f"{platform.region_name}窗口平台审核员",
            is_staff=True,
        )
        platform.reviewers.add(reviewer)
        ctx.add_credentials(f"{platform.name}审核员 (/admin/)", username, password)


def _introduction(name, region_name):
    return f"{name}立足{region_name}，服务全省中小企业。"


def seed_institutions(ctx):
    platforms = {platform.name: platform for platform in WindowPlatform.objects.all()}
    for number, (kind, name, platform_name) in enumerate(INSTITUTIONS, start=1):
        username = f"inst{number:02d}"
        if number == 1:
            username, password = INSTITUTION_DEMO_LOGIN
        else:
            password = f"Inst-{number:02d}-2026"
        platform = platforms[platform_name]
        user = _user(username, password, email=f"{username}@example.com", display_name=name)
        placement = {
            "platform": platform,
            "region_code": platform.region_code,
            "region_name": platform.region_name,
        }
        # Never `is_approved`: only an approved qualification makes an institution public.
        institution, created = Institution.objects.get_or_create(
            user=user,
            defaults={
                "kind": kind,
                "name": name,
                "introduction": _introduction(name, platform.region_name),
                "service_scope": SERVICE_SCOPES[kind],
                "contact_phone": f"0731-8{number:03d}6688",
                **placement,
            },
        )
        # An earlier seed put some institutions on another city's platform: move them back,
        # with the seeded introduction that named the old region.
        moved = (institution.platform_id, institution.region_code) != (
            platform.pk,
            platform.region_code,
        )
        if not created and moved:
            if institution.introduction == _introduction(name, institution.region_name):
                placement["introduction"] = _introduction(name, platform.region_name)
            for field_name, value in placement.items():
                setattr(institution, field_name, value)
            institution.save(update_fields=[*placement, "updated_at"])
    ctx.add_credentials("服务机构 (会员中心 /center/)", *INSTITUTION_DEMO_LOGIN)
    return len(INSTITUTIONS)


def seed_enterprises(ctx, rng):
    count = 0
    for index in range(50):
        city = ENTERPRISE_CITIES[index % len(ENTERPRISE_CITIES)]
        brand = ENTERPRISE_BRANDS[(index // len(ENTERPRISE_CITIES)) % len(ENTERPRISE_BRANDS)]
        trade, industry = ENTERPRISE_TRADES[(index * 3) % len(ENTERPRISE_TRADES)]
        name = f"{city}{brand}{trade}有限公司"
        if index == 0:
            username, password = ENTERPRISE_DEMO_LOGIN
        else:
            username, password = f"ent{index:02d}", f"Ent-{index:02d}-2026"
        region_code = CITY_CODES[city]
        region_name = next(n for c, n in CITIES if c == region_code)
        user = _user(username, password, email=f"{username}@example.com", display_name=name)
        enterprise = Enterprise.objects.filter(user=user).first()
        if enterprise is None:
            Enterprise.objects.create(
                user=user,
                name=name,
                credit_code=make_credit_code(region_code, rng),
                region_code=region_code,
                region_name=region_name,
                industry=industry,
                scale=rng.choice(Enterprise.Scale.values[:3]),
                address=f"湖南省{region_name}高新区创业大道{index + 1}号",
                contact_name=rng.choice(["张", "王", "李", "刘", "陈"]) + "经理",
                contact_phone=f"139{index:04d}{rng.randint(1000, 9999)}",
                contact_email=f"{username}@example.com",
                introduction=f"{name}是一家{Industry(industry).label}领域的中小企业。",
            )
        count += 1
    ctx.add_credentials("企业 (企业管理中心 /center/)", *ENTERPRISE_DEMO_LOGIN)
    return count


def seed(ctx):
    province, cities = seed_platforms()
    seed_reviewers(ctx, cities)
    institutions = seed_institutions(ctx)
    enterprises = seed_enterprises(ctx, ctx.rng)
    ctx.log(f"  平台 {WindowPlatform.objects.count()}, 服务机构 {institutions}, 企业 {enterprises}")
    ctx.add_navigation(80, "服务机构", url="/institutions/")
    ctx.add_navigation(50, "服务产品", url="/services/")
    ctx.add_navigation(70, "需求", url="/demands/")
    # The review engineer's qualifications (all review states) go on top of these members.
    if util.find_spec("marketplace.demo_qualifications") is not None:
        from marketplace.demo_qualifications import seed_qualifications

        seed_qualifications(ctx)
    # An earlier seed set `is_approved` directly; bring the flag in line with the qualifications.
    Institution.objects.sync_approval_flags()
    # Enterprise products (category tree, 300 products with drawn images) of complete profiles.
    from marketplace.demo_products import seed_products

    seed_products(ctx)
    # The service catalogue: categories, service products (every review state) and demands.
    from marketplace.demo_catalogue import seed_catalogue

    seed_catalogue(ctx)
    # Orders in every state (and evaluations) on the catalogue's live service products.
    from marketplace.demo_orders import seed_orders

    seed_orders(ctx)
