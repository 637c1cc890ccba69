"""Demo institutions: 30 service institutions of every kind, each on a window platform.

Idempotent: an institution is found by its member's username. Whether it is public is decided by
its 资质表 (see `marketplace.members.demo.qualifications`), never here.
"""

from marketplace.members.demo.accounts import demo_user
from marketplace.members.demo.platforms import CITY
from marketplace.members.models import Institution, WindowPlatform

# (kind, name, window platform): every institution sits on a platform of the city its name says
# (or, for names without a city, a platform it plausibly belongs to); its region is the
# platform's. Whether it is public is not set here: `qualifications` gives each a 资质表 in
# a review state by position (approved, in review, overdue, rejected, draft, approved with a
# change in review, …), and only the approved ones — the 1st, 6th, 7th, 12th, … — become public,
# through the review. The others stay unapproved and private on purpose, to demo the review.
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


INSTITUTION_DEMO_LOGIN = ("demo-institution", "Demo-Institution-2026")


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
        user = demo_user(username, password, email=f"{username}@example.com", display_name=name)
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
