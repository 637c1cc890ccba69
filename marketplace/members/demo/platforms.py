"""Demo window platforms: the province, its 14 cities, three industry clusters and five counties.

Idempotent: a platform is found by its name, so running `seed_demo` twice leaves one tree.
"""

from marketplace.members.models import WindowPlatform

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
CITY = "{}综合性窗口平台".format


def _platform(parent, name, kind, region_code, region_name):
    existing = WindowPlatform.objects.filter(name=name).first()
    if existing:
        return existing
    node = WindowPlatform(name=name, kind=kind, region_code=region_code, region_name=region_name)
    return parent.add_child(instance=node) if parent else WindowPlatform.add_root(instance=node)


def seed_platforms():
    """The platform tree; returns the province and the city platforms by region code."""
    province = _platform(None, PROVINCE[0], WindowPlatform.Kind.PROVINCE, *PROVINCE[1:])
    cities = {
        code: _platform(province, CITY(name), WindowPlatform.Kind.CITY, code, name)
        for code, name in CITIES
    }
    for parent_code, name, code, region in CLUSTERS:
        _platform(cities[parent_code], name, WindowPlatform.Kind.CLUSTER, code, region)
    for parent_code, name, code, region in COUNTIES:
        _platform(cities[parent_code], name, WindowPlatform.Kind.COUNTY, code, region)
    return province, cities
