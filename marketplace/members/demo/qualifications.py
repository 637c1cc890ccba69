"""Demo qualifications in every review state, plus the scan files and values tests reuse.

`seed_qualifications(ctx)` runs in `marketplace.members.demo.seed`, after the institutions: it
gives the demo institutions a 资质表 each, through the same code paths as the member centre and
the reviewers (revisions, workflow, log), so the demo history looks like real use. Idempotent:
institutions that already have a qualification are left alone.

The helpers (`png_scan_bytes`, `qualification_values`, `save_qualification`, `review`, …) are
imported by tests and by the other apps' demo data (`reviewer_for`): keep them here.
"""

import datetime
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.models import TaskState

from marketplace.members.factories import make_credit_code
from marketplace.members.models import Institution, Qualification
from marketplace.members.models.qualifications import ID_NUMBER_WEIGHTS, id_number_check_character
from marketplace.members.permissions import qualification_policy
from marketplace.members.workflows import ensure_review_setup, submit_for_review

# Scan files -------------------------------------------------------------------------------------


def _licence_image(title):
    image = Image.new("RGB", (600, 420), "#fdf8ec")
    draw = ImageDraw.Draw(image)
    draw.rectangle([12, 12, 588, 408], outline="#b22222", width=6)
    draw.text((40, 40), "BUSINESS LICENCE (DEMO)", fill="#b22222")
    draw.text((40, 80), title.encode("ascii", "replace").decode(), fill="#333333")
    return image


def png_scan_bytes(title="licence"):
    buffer = io.BytesIO()
    _licence_image(title).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_scan_bytes(title="licence"):
    buffer = io.BytesIO()
    _licence_image(title).save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def pdf_scan_bytes(title="licence"):
    buffer = io.BytesIO()
    _licence_image(title).save(buffer, format="PDF")
    return buffer.getvalue()


def make_id_number(rng=random, region="430102"):
    """A random 身份证号 with a valid GB 11643 check character."""
    birthday = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 35))
    first_17 = f"{region}{birthday:%Y%m%d}{rng.randrange(1000):03d}"
    assert len(first_17) == len(ID_NUMBER_WEIGHTS)
    return first_17 + id_number_check_character(first_17)


def qualification_values(institution, rng=random):
    """A complete, valid 资质表 for the institution's kind."""
    if institution.kind == Institution.Kind.EXPERT:
        return {
            "expert_name": institution.name[:10],
            "id_number": make_id_number(rng),
            "professional_title": rng.choice(["高级会计师", "高级工程师", "律师", "研究员"]),
            "professional_field": rng.choice(["财税", "知识产权", "智能制造", "企业管理"]),
            "resume": "从事中小企业服务二十余年，曾任多家企业顾问。",
            "certificates": ContentFile(pdf_scan_bytes("certificate"), name="certificate.pdf"),
            "contact_phone": "13900000000",
            "contact_email": f"expert{institution.pk}@example.com",
        }
    return {
        "legal_name": institution.name,
        "credit_code": make_credit_code(institution.platform.region_code, rng),
        "legal_representative": rng.choice(["王建国", "李明", "陈静", "刘洋"]),
        "licence": ContentFile(png_scan_bytes(institution.name), name="licence.png"),
        "service_scope": institution.service_scope or "财税咨询、法律服务、管理咨询",
        "service_categories": "财税服务、法律咨询",
        "contact_name": "联系人",
        "contact_phone": "0731-88888888",
        "contact_email": f"inst{institution.pk}@example.com",
        "introduction": institution.introduction or "为中小企业提供专业服务。",
    }


# Going through the same steps as the member centre and the reviewers ---------------------------


def save_qualification(institution, values, *, submit=False):
    """Save a revision of `institution`'s qualification as its member would; maybe submit it."""
    user = institution.user
    stored = Qualification.objects.filter(institution=institution).first()
    instance = (
        stored.get_latest_revision_as_object() if stored else Qualification(institution=institution)
    )
    for name, value in values.items():
        if name in ("licence", "certificates"):
            getattr(instance, name).save(value.name, value, save=False)
        else:
            setattr(instance, name, value)
    action = CreateAction if stored is None else EditAction
    instance = action(instance, user=user).execute(skip_permission_checks=True)
    qualification = Qualification.objects.get(pk=instance.pk)
    if submit:
        submit_for_review(qualification, user)
    else:
        qualification.refresh_review_status()
    return Qualification.objects.get(pk=instance.pk)


def review(qualification, reviewer, action, comment=""):
    """Approve or reject the qualification's current review as `reviewer` would."""
    task_state = qualification.current_workflow_task_state
    task_state.task.specific.on_action(task_state, reviewer, action, comment=comment)
    return Qualification.objects.get(pk=qualification.pk)


def backdate_review(qualification, started_at):
    """Make a pending review look older (demo of overdue reviews)."""
    TaskState.objects.filter(pk=qualification.current_workflow_task_state.pk).update(
        started_at=started_at
    )
    Qualification.objects.filter(pk=qualification.pk).update(submitted_at=started_at)


def reviewer_for(institution):
    reviewer = institution.platform.reviewers.first()
    if reviewer is None:
        for ancestor in reversed(institution.platform.get_ancestors()):
            reviewer = ancestor.reviewers.first()
            if reviewer:
                break
    if reviewer is not None and qualification_policy().user_has_permission(reviewer, "publish"):
        return reviewer
    return get_user_model().objects.filter(is_superuser=True).first()


STATES = ("approved", "in_review", "in_review_overdue", "rejected", "draft", "approved_changing")


def seed_qualifications(ctx):
    ensure_review_setup()
    rng = random.Random(2026)
    institutions = list(
        Institution.objects.filter(qualification__isnull=True)
        .select_related("platform", "user")
        .order_by("pk")[:30]
    )
    now = timezone.now()
    counts = dict.fromkeys(STATES, 0)
    for index, institution in enumerate(institutions):
        state = STATES[index % len(STATES)]
        reviewer = reviewer_for(institution)
        values = qualification_values(institution, rng)
        if state == "draft":
            values.pop("contact_phone", None)
            save_qualification(institution, values)
        elif state in ("in_review", "in_review_overdue"):
            qualification = save_qualification(institution, values, submit=True)
            if state == "in_review_overdue":
                backdate_review(qualification, now - datetime.timedelta(days=4))
        elif state == "rejected":
            qualification = save_qualification(institution, values, submit=True)
            review(
                qualification,
                reviewer,
                "reject",
                "营业执照扫描件不清晰，请重新上传清晰的彩色扫描件。",
            )
        else:
            qualification = save_qualification(institution, values, submit=True)
            qualification = review(qualification, reviewer, "approve")
            if state == "approved_changing":
                save_qualification(
                    institution,
                    {"service_scope": values.get("service_scope", "") + "、知识产权"}
                    if not qualification.is_expert
                    else {"professional_field": "数字化转型"},
                    submit=True,
                )
        counts[state] += 1
    ctx.log("  资质: " + ", ".join(f"{state} {count}" for state, count in counts.items()))
