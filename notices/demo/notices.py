"""The demo notices: 活动通知, 项目申报 and 新闻动态 with attachments and images.

Idempotent: indexes and notices are found by slug; sign-ups by (activity, user).
"""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection

from home.models import StandardPage
from notices.models import (
    ActivityAttachment,
    ActivityNoticePage,
    ActivitySignUp,
    DeclarationAttachment,
    NewsPage,
    NoticeIndexPage,
    NoticeKind,
    ProjectDeclarationPage,
)
from portal.factories import DocumentFactory, ImageFactory

INDEXES = [
    (
        NoticeKind.ACTIVITY,
        "activities",
        "活动通知",
        "培训、对接会、论坛等面向中小企业的公益活动，会员可在线报名。",
        30,
    ),
    (
        NoticeKind.DECLARATION,
        "declarations",
        "项目申报",
        "各级主管部门发布的中小企业项目申报通知，请留意申报截止时间。",
        40,
    ),
    (NoticeKind.NEWS, "news", "新闻动态", "全省中小企业公共服务工作动态。", None),
]

CITIES = [
    "长沙",
    "株洲",
    "湘潭",
    "衡阳",
    "邵阳",
    "岳阳",
    "常德",
    "张家界",
    "益阳",
    "郴州",
    "永州",
    "怀化",
    "娄底",
    "湘西",
]
ACTIVITY_TOPICS = [
    ("中小企业数字化转型专题培训", "湖南省中小企业服务中心"),
    ("专精特新企业融资对接会", "湖南省融资担保集团"),
    ("知识产权质押融资政策宣讲会", "湖南省知识产权局"),
    ("“湘企出海”跨境电商实务培训", "湖南省商务厅"),
    ("中小企业财税合规公益讲座", "湖南省注册会计师协会"),
    ("工业互联网平台应用现场观摩会", "湖南省工业和信息化厅"),
    ("中小企业劳动用工法律风险防范讲座", "湖南省律师协会"),
    ("产学研合作项目对接会", "中南大学技术转移中心"),
    ("小微企业首贷续贷政策解读会", "人民银行湖南省分行"),
    ("企业管理人员精益生产训练营", "湖南省企业管理咨询协会"),
    ("智能制造诊断服务专场", "湖南省智能制造协会"),
    ("中小企业品牌建设沙龙", "湖南省品牌建设促进会"),
    ("高新技术企业认定申报辅导", "湖南省科学技术厅"),
    ("中小企业数据安全合规培训", "湖南省网络安全协会"),
    ("“一起益企”中小企业服务行动启动仪式", "湖南省中小企业服务中心"),
]
DECLARATION_TOPICS = [
    ("省级专精特新“小巨人”企业申报", "湖南省工业和信息化厅"),
    ("中小企业数字化转型试点项目申报", "湖南省工业和信息化厅"),
    ("省中小企业发展专项资金项目申报", "湖南省财政厅"),
    ("省级中小企业公共服务示范平台认定", "湖南省工业和信息化厅"),
    ("小型微型企业创业创新示范基地申报", "湖南省工业和信息化厅"),
    ("创新型中小企业评价", "湖南省中小企业服务中心"),
    ("省级工业设计中心认定申报", "湖南省工业和信息化厅"),
    ("中小企业知识产权运营项目申报", "湖南省知识产权局"),
    ("科技型中小企业技术创新基金申报", "湖南省科学技术厅"),
    ("中小企业融资担保降费奖补申报", "湖南省财政厅"),
]
NEWS_TITLES = [
    "全省中小企业公共服务平台新增入驻服务机构120家",
    "我省出台支持中小企业高质量发展若干措施",
    "长沙市窗口平台开展“服务进园区”活动",
    "湖南新增国家级专精特新“小巨人”企业",
    "省中小企业服务中心召开服务机构座谈会",
    "岳阳市举办中小企业融资对接专场活动",
    "株洲窗口平台为企业提供数字化诊断服务",
    "衡阳市中小企业服务月活动圆满落幕",
    "平台上线标准合同在线签订功能",
    "常德市组织企业参加产销对接会",
    "湘潭市推进中小企业“上云用数赋智”",
    "郴州市窗口平台开展政策直达服务",
    "全省中小企业运行情况平稳向好",
    "怀化市举办中小企业法律服务进企业活动",
    "省平台发布年度中小企业服务机构名录",
]


def _pdf_bytes(title):
    """A tiny, valid one-page PDF whose text is the ASCII-safe title (no library needed)."""
    text = title.encode("ascii", "ignore").decode() or "Attachment"
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _root_collection():
    # A flushed database (transactional browser tests) has no root collection yet.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _document(title, filename):
    return DocumentFactory(
        title=title,
        file=ContentFile(_pdf_bytes(filename), name=f"{filename}.pdf"),
        collection=_root_collection(),
    )


def _image(ctx, title):
    colour = ctx.rng.choice(["#0a4b9c", "#1a7f37", "#c8102e", "#9a6700", "#073a7a"])
    return ImageFactory(
        title=title,
        file__color=colour,
        file__width=960,
        file__height=540,
        collection=_root_collection(),
    )


def _paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_index(ctx, kind, slug, title, intro):
    index = NoticeIndexPage.objects.child_of(ctx.home_page).filter(slug=slug).first()
    if index is not None:
        return index
    # Earlier demo runs may have left a placeholder StandardPage at this slug; it is replaced.
    StandardPage.objects.child_of(ctx.home_page).filter(slug=slug, title=title).delete()
    return _publish(
        ctx.home_page, NoticeIndexPage(title=title, slug=slug, kind=kind, intro=f"<p>{intro}</p>")
    )


def _existing(model, index, slug):
    return model.objects.child_of(index).filter(slug=slug).exists()


def seed_activities(ctx, index, attendees):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = timezone.localdate()
    for number, (topic, organiser) in enumerate(ACTIVITY_TOPICS, start=1):
        slug = f"activity-{number:02d}"
        if _existing(ActivityNoticePage, index, slug):
            continue
        city = CITIES[number % len(CITIES)]
        # Five past activities, two full ones, the rest open for sign-up.
        start = now + timedelta(days=(number - 5) * 6)
        is_full = number in (7, 9)
        online = number % 4 == 0
        page = ActivityNoticePage(
            title=f"{city}·{topic}",
            slug=slug,
            publish_date=min(today, (start - timedelta(days=20)).date()),
            summary=f"{organiser}将于{start:%m月%d日}在{city}举办{topic}，欢迎全省中小企业报名参加。",
            body=_paragraph(
                f"为贯彻落实省委省政府促进中小企业发展的决策部署，{organiser}定于"
                f"{start:%Y年%m月%d日}举办{topic}。活动免费，名额有限，请通过本平台在线报名。"
            ),
            start_at=start,
            end_at=start + timedelta(hours=3),
            place="" if online else f"{city}市中小企业服务中心三楼会议室",
            online_url="https://meeting.example.cn/smehn" if online else "",
            organiser=organiser,
            capacity=len(attendees) if is_full else 30 + number,
            signup_deadline=start - timedelta(days=1),
            cover_image=_image(ctx, topic) if number <= 5 else None,
        )
        page.attachments = [
            ActivityAttachment(
                document=_document(f"{topic}报名回执", f"activity-{number:02d}-form")
            )
        ]
        _publish(index, page)
        if is_full:
            for attendee in attendees:
                ActivitySignUp.objects.get_or_create(
                    activity=page,
                    user=attendee,
                    defaults={
                        "name": attendee.display_name or attendee.username,
                        "organisation": "湖南示范科技有限公司",
                        "phone": "13800000000",
                    },
                )


def seed_declarations(ctx, index):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    # (opens in days, deadline in days): 2 not started, 4 open, 2 closing soon, 2 closed.
    windows = [
        (10, 40),
        (20, 60),
        (-10, 30),
        (-5, 45),
        (-20, 20),
        (-1, 90),
        (-25, 3),
        (-30, 6),
        (-60, -5),
        (-90, -30),
    ]
    for number, ((topic, department), (opens, closes)) in enumerate(
        zip(DECLARATION_TOPICS, windows, strict=True), start=1
    ):
        slug = f"declaration-{number:02d}"
        if _existing(ProjectDeclarationPage, index, slug):
            continue
        opens_at = now + timedelta(days=opens)
        page = ProjectDeclarationPage(
            title=f"关于开展{timezone.localdate().year}年度{topic}工作的通知",
            slug=slug,
            publish_date=min(timezone.localdate(), (opens_at - timedelta(days=3)).date()),
            summary=f"{department}组织开展{topic}工作，请符合条件的企业按要求准备材料并在截止时间前提交。",
            declaring_body="在湖南省内依法注册、具有独立法人资格的中小企业",
            competent_department=department,
            opens_at=opens_at,
            deadline=now + timedelta(days=closes),
            eligibility=(
                "<ul><li>在湖南省内注册满两年，经营状况良好；</li>"
                "<li>符合《中小企业划型标准规定》；</li><li>近三年无重大安全、环保、质量事故。</li></ul>"
            ),
            materials=(
                "<ol><li>申报书（加盖公章）；</li><li>营业执照复印件；</li>"
                "<li>近两年财务审计报告；</li><li>其他证明材料。</li></ol>"
            ),
            contact=f"0731-8899{number:04d}",
            body=_paragraph(
                f"各市州工业和信息化主管部门：为做好{topic}工作，现将有关事项通知如下。"
                "请各地认真组织，严格审核，确保申报材料真实有效。"
            ),
        )
        page.attachments = [
            DeclarationAttachment(
                document=_document(f"{topic}申报指南", f"declaration-{number:02d}-guide")
            ),
            DeclarationAttachment(
                document=_document(f"{topic}申报书模板", f"declaration-{number:02d}-form")
            ),
        ]
        _publish(index, page)


def seed_news(ctx, index):
    today = timezone.localdate()
    for number, title in enumerate(NEWS_TITLES, start=1):
        slug = f"news-{number:02d}"
        if _existing(NewsPage, index, slug):
            continue
        _publish(
            index,
            NewsPage(
                title=title,
                slug=slug,
                publish_date=today - timedelta(days=number * 9),
                summary=f"{title}。省中小企业服务中心将持续推进服务体系建设，助力中小企业高质量发展。",
                source=ctx.rng.choice(
                    ["湖南省工业和信息化厅", "湖南省中小企业服务中心", "湖南日报"]
                ),
                cover_image=_image(ctx, title) if number <= 6 else None,
                body=_paragraph(
                    f"{title}。近日，各市州窗口平台围绕企业需求，组织服务机构深入园区和企业，"
                    "开展政策宣讲、融资对接、管理咨询等服务，受到企业广泛好评。"
                ),
            ),
        )


def seed_notices(ctx, attendees):
    """The three notice indexes (with their header items) and their notices; `attendees` sign
    up for the activities."""
    indexes = {}
    for kind, slug, title, intro, nav_order in INDEXES:
        indexes[kind] = ensure_index(ctx, kind, slug, title, intro)
        if nav_order:
            ctx.add_navigation(nav_order, title, page=indexes[kind])
    seed_activities(ctx, indexes[NoticeKind.ACTIVITY], attendees)
    seed_declarations(ctx, indexes[NoticeKind.DECLARATION])
    seed_news(ctx, indexes[NoticeKind.NEWS])
