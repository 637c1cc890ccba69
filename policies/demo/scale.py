"""Bulk policies for `seed_demo --scale N` (see `portal.demo_scale`): 40 per scale unit.

Live policy pages under the demo's 政策法规 index, created in bulk with their tree paths computed
here (`portal.demo_scale.bulk_create_child_pages`); slugs `scale-policy-NNNNNN` mark them. Titles,
document numbers and summaries are put together from issuing bodies, topics by category, years and
document types; bodies reuse the demo's measures. No attachments.
"""

import datetime
import random

from policies.demo.policies import INDEX_SLUG, policy_body
from policies.models import Industry, IssuingBody, PolicyCategory, PolicyIndexPage, PolicyPage
from portal.demo_scale import bulk_create_child_pages, pick

POLICIES_PER_UNIT = 40
SLUG_PREFIX = "scale-policy-"

TOPICS = {
    "financing": ["中小企业融资", "小微企业首贷续贷", "知识产权质押融资", "政府性融资担保体系建设"],
    "tax": ["小微企业减税降费", "研发费用加计扣除", "增值税留抵退税", "财税支持中小企业"],
    "innovation": ["企业技术创新", "科技成果转化", "创新型中小企业培育", "检测认证公共服务"],
    "digital": ["中小企业数字化转型", "工业互联网平台应用", "上云用数赋智", "SaaS平台推广应用"],
    "talent": ["高技能人才培养", "中小企业人才引进", "职业技能人才培训", "企业家素质提升"],
    "market": ["中小企业开拓市场", "跨境电商发展", "湘品出湘", "政府采购支持中小企业"],
    "specialised": [
        "专精特新中小企业发展",
        "“小巨人”企业培育",
        "ISO9001认证等质量提升",
        "产业集群发展",
    ],
    "business-environment": ["优化营商环境", "涉企收费治理", "惠企政策直达快享", "法律服务进企业"],
}
ACTIONS = ["支持", "促进", "加快", "推动", "进一步做好", "开展", "深化"]
DOCUMENT_TYPES = ["若干措施", "实施意见", "实施方案", "通知", "管理办法", "工作方案", "指导意见"]
ABBREVIATIONS = {
    "国务院办公厅": "国办发",
    "工业和信息化部": "工信部企业",
    "财政部 税务总局": "财税",
    "科学技术部": "国科发",
    "人力资源社会保障部": "人社部发",
    "中国人民银行": "银发",
    "湖南省人民政府办公厅": "湘政办发",
    "湖南省工业和信息化厅": "湘工信中小",
    "湖南省财政厅": "湘财企",
    "湖南省科学技术厅": "湘科发",
    "湖南省人力资源和社会保障厅": "湘人社发",
    "湖南省地方金融监督管理局": "湘金监发",
    "湖南省商务厅": "湘商发",
}


def _abbreviation(body):
    return ABBREVIATIONS.get(body.name) or f"{body.name[:2]}{body.name[2:4]}发"


def _policy(number, body, category, today):
    topic = pick(TOPICS.get(category.slug) or [category.name], number, 3)
    year = 2018 + number % 8
    published = datetime.date(year, 1 + number % 12, 1 + number % 28)
    if published > today:
        published = today - datetime.timedelta(days=number % 365)
        year = published.year
    kind = pick(DOCUMENT_TYPES, number, 5)
    title = f"{body.name}关于{pick(ACTIONS, number, 3)}{topic}的{kind}"
    if number % 4 == 0:
        title = f"{title}（{year}年）"
    expiry = None
    if number % 6 == 0:
        expiry = published + datetime.timedelta(days=365 * (1 + number % 5))
    effective = published + datetime.timedelta(days=30) if number % 5 == 0 else None
    first_published = datetime.datetime.combine(published, datetime.time(9), tzinfo=datetime.UTC)
    return PolicyPage(
        title=title[:255],
        slug=f"{SLUG_PREFIX}{number:06d}",
        document_number=f"{_abbreviation(body)}〔{year}〕{10 + number % 190}号",
        issuing_body=body,
        level=body.level,
        publish_date=published,
        effective_date=effective,
        expiry_date=expiry,
        summary=(
            f"{body.name}出台的{category.name}政策：围绕{topic}，明确支持中小企业发展的具体措施、"
            "适用对象和办理方式。"
        ),
        body=policy_body([category.slug]),
        first_published_at=first_published,
        last_published_at=first_published,
    )


def seed_scale(run):
    index = PolicyIndexPage.objects.filter(slug=INDEX_SLUG).first()
    bodies = list(IssuingBody.objects.order_by("sort_order", "pk"))
    categories = list(PolicyCategory.objects.order_by("sort_order", "pk"))
    industries = list(Industry.objects.order_by("code"))
    if index is None or not bodies or not categories:
        run.log("  政策法规：没有栏目或发文机关，跳过")
        return
    missing = run.missing(
        PolicyPage.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX), POLICIES_PER_UNIT
    )
    if not missing:
        run.log(f"  政策法规 +0 (已有 {missing.existing})")
        return
    today = datetime.date.today()
    rng = random.Random(missing.existing)
    plan = []
    for number in missing.numbers:
        category = pick(categories, number, 3)
        extra = pick(categories, number, 5)
        plan.append(
            (
                _policy(number, pick(bodies, number, 7), category, today),
                {category, extra} if number % 3 == 0 else {category},
                rng.sample(industries, number % 3) if industries else [],
            )
        )
    pages = bulk_create_child_pages(run, index, [page for page, _, _ in plan])
    Categories = PolicyPage.categories.through
    Industries = PolicyPage.industries.through
    run.bulk_create(
        Categories,
        [
            Categories(policypage_id=page.pk, policycategory_id=category.pk)
            for page, (_, chosen, _) in zip(pages, plan, strict=True)
            for category in chosen
        ],
    )
    run.bulk_create(
        Industries,
        [
            Industries(policypage_id=page.pk, industry_id=industry.pk)
            for page, (_, _, chosen) in zip(pages, plan, strict=True)
            for industry in chosen
        ],
    )
    run.log(f"  政策法规 +{len(pages)}")
