"""Demo enterprises: 50 members with complete profiles in ten cities. Idempotent: an enterprise
is found by its member's username; an existing one is left as it is.
"""

from marketplace.members.demo.accounts import demo_user
from marketplace.members.demo.platforms import CITIES
from marketplace.members.factories import make_credit_code
from marketplace.members.models import Enterprise, Industry

ENTERPRISE_COUNT = 50
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


def seed_enterprises(ctx, rng):
    count = 0
    for index in range(ENTERPRISE_COUNT):
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
        user = demo_user(username, password, email=f"{username}@example.com", display_name=name)
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
