"""The demo's 政策法规 index and its policies (with attachments) and interpretations.

Idempotent: policies are matched by slug, so a second run adds nothing. Attachments are small
PDFs generated here (no downloads).
"""

from django.core.files.base import ContentFile
from django.db.models import Count
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from policies.demo.data import INTERPRETATIONS, MEASURES, POLICIES
from policies.models import PolicyAttachment, PolicyIndexPage, PolicyPage

INDEX_SLUG = "policies"
ATTACHMENT_COLLECTION = "政策法规附件"


def make_pdf(*lines):
    """A valid one-page PDF showing `lines` (ASCII) in Helvetica."""
    text = "\n".join(
        f"BT /F1 14 Tf 72 {760 - 24 * number} Td ({line}) Tj ET"
        for number, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def ensure_index(home):
    index = PolicyIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is not None:
        return index
    # An earlier run without this app left a placeholder page at this slug.
    for placeholder in Page.objects.child_of(home).filter(slug=INDEX_SLUG):
        placeholder.delete()
    index = PolicyIndexPage(
        title="政策法规",
        slug=INDEX_SLUG,
        intro="<p>汇集国家、湖南省及各市州、县市区出台的惠企政策，可按级别、发文机关、类别、年份筛选。</p>",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def attachment_collection():
    # A flushed database (transactional tests) has lost the root Wagtail's migrations made.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=ATTACHMENT_COLLECTION).first()
    return collection or root.add_child(name=ATTACHMENT_COLLECTION)


def make_document(collection, title, slug, *lines):
    Document = get_document_model()
    content = make_pdf("Hunan SME Public Service Platform", *lines)
    document = Document(title=title, collection=collection, file_size=len(content))
    document.file.save(f"{slug}.pdf", ContentFile(content), save=False)
    document.save()
    return document


PREAMBLE = (
    "为贯彻落实国家和省关于促进中小企业发展的决策部署，进一步激发市场主体活力，"
    "推动中小企业高质量发展，结合实际，制定本政策。"
)


def policy_body(category_slugs, preamble=PREAMBLE):
    measures = [measure for slug in category_slugs for measure in MEASURES.get(slug, [])]
    items = "".join(f"<li>{measure}。</li>" for measure in measures)
    return [
        ("paragraph", f"<p>{preamble}</p>"),
        ("heading", "主要措施"),
        ("paragraph", f"<ol>{items}</ol>"),
        ("heading", "咨询与办理"),
        (
            "paragraph",
            "<p>符合条件的企业可通过湖南省中小企业公共服务平台查询办理指南，"
            "或向所在地工业和信息化主管部门咨询。</p>",
        ),
    ]


def add_policy(index, collection, slug, **fields):
    categories = fields.pop("categories", [])
    industries = fields.pop("industries", [])
    attachment_count = fields.pop("attachment_count", 1)
    policy = PolicyPage(slug=slug, **fields)
    policy.categories = categories
    policy.industries = industries
    policy.attachments = [
        PolicyAttachment(
            document=make_document(
                collection,
                f"{title}：{fields['title']}",
                f"{slug}-{number + 1}",
                f"Policy: {slug}",
                f"Attachment {number + 1}",
            ),
            title=title,
        )
        for number, title in enumerate(["政策原文", "申报表"][:attachment_count])
    ]
    index.add_child(instance=policy)
    policy.save_revision().publish()
    return policy


def seed_policies(ctx, bodies, categories, industries):
    """The 政策法规 index under the home page and the demo's policies and interpretations in it,
    given the taxonomies (`seed_taxonomies`: issuing bodies, categories, industries by key)."""
    index = ensure_index(ctx.home_page)
    collection = attachment_collection()
    existing = set(PolicyPage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for position, row in enumerate(POLICIES):
        slug, title, number, body, category_slugs, industry_codes, published, effective, expiry = (
            row
        )
        if slug in existing:
            continue
        topics = "、".join(categories[category].name for category in category_slugs)
        summary = f"{body}出台的{topics}政策，明确支持中小企业发展的具体措施、适用对象和办理方式。"
        add_policy(
            index,
            collection,
            slug,
            title=title,
            document_number=number,
            issuing_body=bodies[body],
            categories=[categories[category] for category in category_slugs],
            industries=[industries[code] for code in industry_codes],
            publish_date=published,
            effective_date=effective,
            expiry_date=expiry,
            summary=summary,
            body=policy_body(category_slugs),
            attachment_count=2 if position % 3 == 0 else 1,
        )
        created += 1
    for slug, original_slug, title, published in INTERPRETATIONS:
        if slug in existing:
            continue
        original = PolicyPage.objects.child_of(index).get(slug=original_slug)
        add_policy(
            index,
            collection,
            slug,
            title=title,
            issuing_body=original.issuing_body,
            categories=list(original.categories.all()),
            publish_date=published,
            summary=f"对《{original.title}》的出台背景、主要内容和申报要点进行解读。",
            body=policy_body([], preamble="本文解读政策的出台背景、适用对象、支持措施和办理流程。"),
            interprets=original,
            attachment_count=0,
        )
        created += 1
    total = PolicyPage.objects.child_of(index).aggregate(count=Count("pk"))["count"]
    ctx.log(f"  政策法规: {created} new, {total} in all")
    return index
