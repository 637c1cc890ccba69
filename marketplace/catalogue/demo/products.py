"""Demo enterprise products: the category tree and 300 products with drawn images (R2.2–R2.5).

Idempotent: categories are found by path of names, images by title in their collection, products
by (enterprise, name). Images are drawn by Pillow (no downloads) and reused: the demo login
enterprise gets a few of its own (so its 图片库 shows them), the others share a small pool, and
each image's renditions are made once, by the same task as a real upload.
"""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from marketplace.catalogue.image_visibility import schedule_refresh
from marketplace.catalogue.models import EnterpriseProduct, EnterpriseProductImage, ProductCategory
from marketplace.catalogue.tasks import generate_product_renditions
from marketplace.members.demo.enterprises import ENTERPRISE_DEMO_LOGIN
from marketplace.members.media import members_root_collection
from marketplace.members.models import Enterprise
from portal.demo_scale import SCALE_PREFIX

PRODUCT_COUNT = 300
DEMO_POOL_COLLECTION = "演示产品图片"

# 一级类目 → 二级类目, each with a few product names and units.
CATEGORY_TREE = {
    "装备制造": {
        "工程机械": (["小型液压挖掘机", "履带式起重机", "混凝土泵车", "旋挖钻机"], "台"),
        "轨道交通装备": (["城轨牵引变流器", "轨道检测车", "车载制动系统"], "套"),
        "数控机床": (["五轴加工中心", "数控车床", "精密磨床"], "台"),
    },
    "电子信息": {
        "集成电路": (["功率半导体模块", "MCU 控制芯片"], "片"),
        "智能终端": (["工业平板电脑", "智能巡检终端"], "台"),
        "工业软件": (["MES 制造执行系统", "设备物联网平台"], "套"),
    },
    "新材料": {
        "先进钢铁材料": (["高强度汽车板", "耐候桥梁钢"], "吨"),
        "先进陶瓷": (["醴陵釉下五彩瓷", "电子陶瓷基板"], "件"),
    },
    "食品加工": {
        "粮油加工": (["湖南早籼米", "菜籽油"], "袋"),
        "特色食品": (["浏阳蒸菜预制菜", "湘味腊肉", "安化黑茶"], "盒"),
    },
    "生物医药": {
        "中药材": (["龙山百合", "邵东玉竹"], "千克"),
        "医疗器械": (["医用防护口罩", "电子血压计"], "个"),
    },
    "纺织服装": {
        "服装": (["工装夹克", "湘绣真丝围巾"], "件"),
    },
    "农产品": {
        "果蔬": (["麻阳冰糖橙", "炎陵黄桃"], "箱"),
        "畜禽水产": (["洞庭湖大闸蟹", "宁乡花猪"], "份"),
    },
}
POOL_COLORS = [
    "#0a4b9c",
    "#c8102e",
    "#2e7d32",
    "#ef6c00",
    "#6a1b9a",
    "#00838f",
    "#5d4037",
    "#455a64",
]


def seed_categories():
    leaves = {}
    for root_order, (root_name, children) in enumerate(CATEGORY_TREE.items(), start=1):
        root = ProductCategory.get_root_nodes().filter(name=root_name).first()
        root = root or ProductCategory.add_root(name=root_name, sort_order=root_order)
        for child_order, (child_name, products) in enumerate(children.items(), start=1):
            child = root.get_children().filter(name=child_name).first()
            child = child or root.add_child(name=child_name, sort_order=child_order)
            leaves[child] = products
    return leaves


def _drawn_image(label, color):
    """An 800×800 JPEG with a coloured field and a simple "product" shape."""
    image = Image.new("RGB", (800, 800), color)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((160, 220, 640, 580), radius=40, fill="#ffffff")
    draw.ellipse((300, 300, 500, 500), fill=color)
    draw.text((40, 40), label, fill="#ffffff")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer


def _stable_id(text):
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def _image(collection, title, color, user=None):
    image_model = get_image_model()
    existing = image_model.objects.filter(collection=collection, title=title).first()
    if existing:
        return existing
    image = image_model(
        title=title,
        collection=collection,
        uploaded_by_user=user,
        # A member's own library image is private like an upload; the shared pool is not.
        is_private=user is not None,
        file=ImageFile(_drawn_image(title, color), name=f"demo-product-{_stable_id(title)}.jpg"),
    )
    image.save()
    generate_product_renditions.enqueue(image.pk)
    return image


def seed_images(demo_user):
    from marketplace.members.media import member_collection

    root = members_root_collection()
    pool_collection = root.get_children().filter(name=DEMO_POOL_COLLECTION).first()
    pool_collection = pool_collection or root.add_child(name=DEMO_POOL_COLLECTION)
    pool = [
        _image(pool_collection, f"产品图 {n + 1}", color) for n, color in enumerate(POOL_COLORS)
    ]
    own = []
    if demo_user is not None:
        collection = member_collection(demo_user)
        own = [
            _image(collection, f"我的产品图 {n + 1}", POOL_COLORS[n], demo_user) for n in range(4)
        ]
    return pool, own


def seed_products(ctx):
    leaves = seed_categories()
    # The demo's own enterprises: with `--scale` bulk members present, the spread of products
    # over enterprises (and so what already exists) must not change.
    members = Enterprise.objects.exclude(user__username__startswith=SCALE_PREFIX)
    enterprises = [e for e in members.select_related("user").order_by("pk") if e.is_complete]
    if not enterprises:
        ctx.log("  企业产品：没有资料完整的企业，跳过")
        return
    demo = next((e for e in enterprises if e.user.username == ENTERPRISE_DEMO_LOGIN[0]), None)
    pool, own = seed_images(demo.user if demo else None)
    existing = set(EnterpriseProduct.objects.values_list("enterprise_id", "name"))
    leaf_items = list(leaves.items())
    new_products, image_plan = [], []
    for number in range(PRODUCT_COUNT):
        enterprise = enterprises[number % len(enterprises)]
        category, (names, unit) = leaf_items[number % len(leaf_items)]
        base_name = names[(number // len(leaf_items)) % len(names)]
        name = f"{base_name} {chr(65 + number % 26)}{number // 26 + 1:02d} 型"
        if (enterprise.pk, name) in existing:
            continue
        images = own if enterprise is demo and own else pool
        negotiable = number % 4 == 0
        new_products.append(
            EnterpriseProduct(
                enterprise=enterprise,
                category=category,
                name=name,
                summary=f"{enterprise.region_name}{enterprise.name}出品的{base_name}。",
                price=None if negotiable else ctx.rng.randint(10, 500_000),
                unit=unit,
                specifications=f"型号：{name}\n产地：湖南{enterprise.region_name}\n质保：一年",
                description=(
                    f"<h3>产品特点</h3><p>{base_name}，性能稳定，售后服务覆盖全省。</p>"
                    "<ul><li>按需定制</li><li>现货供应</li><li>支持上门安装调试</li></ul>"
                ),
                status=EnterpriseProduct.Status.PUBLISHED,
            )
        )
        image_plan.append([images[(number + offset) % len(images)] for offset in range(2)])
    created = EnterpriseProduct.objects.bulk_create(new_products)
    EnterpriseProductImage.objects.bulk_create(
        EnterpriseProductImage(product=product, image=image, sort_order=index)
        for product, images in zip(created, image_plan, strict=True)
        for index, image in enumerate(images)
    )
    if demo is not None:
        # bulk_create sends no signals: the demo member's own images its products show go public.
        schedule_refresh(demo.user_id)
    categories, products = ProductCategory.objects.count(), EnterpriseProduct.objects.count()
    ctx.log(f"  产品类目 {categories}, 企业产品 {products}")
