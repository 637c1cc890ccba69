"""R1.3–R1.5: submit from the member centre, review by the platform, status shown to the member."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from marketplace.members.demo.qualifications import png_scan_bytes, review, save_qualification
from marketplace.members.factories import make_credit_code
from marketplace.members.models import Institution, Notification, Qualification
from marketplace.members.workflows import REVIEWER_GROUP, ensure_review_setup
from portal.factories import UserFactory

CENTER_URL = "/center/qualification/"


@pytest.fixture(autouse=True)
def review_setup(db):
    # The data migration made these; repeat (idempotently) in case a transactional test flushed.
    ensure_review_setup()


@pytest.fixture
def changsha_reviewer(changsha):
    user = UserFactory(username="cs-reviewer")
    changsha.reviewers.add(user)
    return user


def organisation_form(**overrides):
    data = {
        "legal_name": "长沙星城财税服务有限公司",
        "credit_code": make_credit_code("430100"),
        "legal_representative": "王建国",
        "licence": SimpleUploadedFile("licence.png", png_scan_bytes(), "image/png"),
        "service_scope": "代理记账、税务筹划",
        "service_categories": "财税服务",
        "contact_name": "李会计",
        "contact_phone": "0731-88886666",
        "contact_email": "tax@example.com",
        "introduction": "长沙本地财税服务机构。",
    }
    data.update(overrides)
    return data


def workflow_action(client, qualification, action, comment=""):
    task_state = qualification.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_members_qualification:workflow_action",
        args=[qualification.pk, action, task_state.pk],
    )
    return client.post(url, {"comment": comment})


def test_migration_created_the_workflow_and_groups(db):
    workflow = Qualification.get_default_workflow()
    assert workflow is not None and workflow.name == "窗口平台审核"
    assert [task.specific.__class__.__name__ for task in workflow.tasks] == ["PlatformReviewTask"]
    reviewer_group = Institution._meta.apps.get_model("auth", "Group").objects.get(
        name=REVIEWER_GROUP
    )
    codenames = set(reviewer_group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_qualification", "publish_qualification"} <= codenames


def test_naming_a_platform_reviewer_grants_the_reviewer_group(changsha_reviewer):
    assert changsha_reviewer.groups.filter(name=REVIEWER_GROUP).exists()


def test_reject_resubmit_approve(
    institution_client, institution, changsha_reviewer, client, django_capture_on_commit_callbacks
):
    # The member fills in the form and submits it.
    response = institution_client.post(CENTER_URL, {**organisation_form(), "submit": "1"})
    assert response.status_code == 302
    response = institution_client.get(CENTER_URL)
    assert "资质信息已提交，请等待所属窗口平台审核。" in response.content.decode()
    qualification = Qualification.objects.get(institution=institution)
    assert qualification.review_status == Qualification.ReviewStatus.IN_REVIEW
    assert "审核中" in response.content.decode()
    assert not response.context["editable"], "the form is read-only while under review"
    assert qualification.submitted_at is not None

    # The platform's reviewer rejects it with a reason.
    institution_client.logout()
    client.force_login(changsha_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(client, qualification, "reject", "营业执照不清晰")
    assert response.status_code == 302
    qualification.refresh_from_db()
    assert qualification.review_status == Qualification.ReviewStatus.REJECTED
    notification = Notification.objects.get(user=institution.user)
    assert "营业执照不清晰" in notification.body
    assert any("营业执照不清晰" in message.body for message in mail.outbox)

    # The member sees 未通过 and the comment, fixes the form and resubmits.
    client.force_login(institution.user)
    response = client.get(CENTER_URL)
    page = response.content.decode()
    assert "未通过" in page and "营业执照不清晰" in page
    assert response.context["editable"]
    response = client.post(
        CENTER_URL, {**organisation_form(legal_representative="王建华"), "submit": "1"}
    )
    assert response.status_code == 302
    qualification.refresh_from_db()
    assert qualification.review_status == Qualification.ReviewStatus.IN_REVIEW

    # The reviewer approves: published, institution public, member told.
    client.force_login(changsha_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(client, qualification, "approve")
    assert response.status_code == 302
    qualification.refresh_from_db()
    institution.refresh_from_db()
    assert qualification.live
    assert qualification.review_status == Qualification.ReviewStatus.APPROVED
    assert qualification.legal_representative == "王建华"
    assert institution.is_approved and institution.approved_at
    assert Notification.objects.filter(user=institution.user, title="资质审核已通过").exists()

    client.force_login(institution.user)
    assert "已通过" in client.get(CENTER_URL).content.decode()

    # Every step is in Wagtail's log of the object.
    actions = list(
        ModelLogEntry.objects.for_instance(qualification)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    for expected in [
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.edit",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]:
        assert expected in actions


def test_reject_without_comment_is_refused(institution, changsha_reviewer, client):
    qualification = save_qualification(institution, organisation_values(), submit=True)
    client.force_login(changsha_reviewer)
    workflow_action(client, qualification, "reject", "   ")
    qualification.refresh_from_db()
    assert qualification.review_status == Qualification.ReviewStatus.IN_REVIEW
    # Programmatic callers are refused too.
    with pytest.raises(PermissionDenied):
        review(qualification, changsha_reviewer, "reject", "")
    qualification.refresh_from_db()
    assert qualification.review_status == Qualification.ReviewStatus.IN_REVIEW


def test_draft_then_submit(institution_client, institution):
    response = institution_client.post(CENTER_URL, {"legal_name": "只填了名称", "save_draft": "1"})
    assert response.status_code == 302
    qualification = Qualification.objects.get(institution=institution)
    assert qualification.review_status == Qualification.ReviewStatus.DRAFT
    assert not qualification.live
    assert "草稿" in institution_client.get(CENTER_URL).content.decode()
    # Submitting an incomplete form is refused with the missing fields named.
    response = institution_client.post(CENTER_URL, {"legal_name": "只填了名称", "submit": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写统一社会信用代码。" in page and "请上传营业执照扫描件。" in page
    qualification.refresh_from_db()
    assert qualification.review_status == Qualification.ReviewStatus.DRAFT


def test_change_to_an_approved_qualification_keeps_the_live_version_public(
    institution, changsha_reviewer, client
):
    qualification = save_qualification(institution, organisation_values(), submit=True)
    qualification = review(qualification, changsha_reviewer, "approve")
    approved_scope = qualification.service_scope

    client.force_login(institution.user)
    response = client.post(
        CENTER_URL,
        {
            **organisation_form(service_scope="全新的服务范围"),
            "licence": "",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    qualification.refresh_from_db()
    institution.refresh_from_db()
    # Under review again, but the row (what the public reads) is still the approved version.
    assert qualification.review_status == Qualification.ReviewStatus.IN_REVIEW
    assert qualification.live and institution.is_approved
    assert qualification.service_scope == approved_scope
    assert qualification.get_latest_revision_as_object().service_scope == "全新的服务范围"
    assert qualification.licence, "the stored licence is kept when none is uploaded"
    page = client.get(CENTER_URL).content.decode()
    assert "继续展示上次审核通过的信息" in page
    assert client.get("/institutions/").status_code == 200
    assert institution.name in client.get("/institutions/").content.decode()

    # Approval publishes the change.
    review(qualification, changsha_reviewer, "approve")
    qualification.refresh_from_db()
    assert qualification.service_scope == "全新的服务范围"
    assert qualification.review_status == Qualification.ReviewStatus.APPROVED


def test_rejected_change_keeps_the_approved_version(institution, changsha_reviewer):
    qualification = save_qualification(institution, organisation_values(), submit=True)
    qualification = review(qualification, changsha_reviewer, "approve")
    save_qualification(institution, {"service_scope": "被退回的修改"}, submit=True)
    qualification = review(qualification, changsha_reviewer, "reject", "范围过大")
    institution.refresh_from_db()
    assert qualification.review_status == Qualification.ReviewStatus.REJECTED
    assert qualification.rejection_comment == "范围过大"
    assert qualification.live and institution.is_approved
    assert qualification.service_scope != "被退回的修改"


def test_expert_form_masks_the_id_number(client, changsha):
    from marketplace.members.demo.qualifications import qualification_values
    from marketplace.members.factories import InstitutionFactory

    expert = InstitutionFactory(kind=Institution.Kind.EXPERT, platform=changsha, name="刘专家")
    values = qualification_values(expert)
    save_qualification(expert, values)
    client.force_login(expert.user)
    page = client.get(CENTER_URL).content.decode()
    number = values["id_number"]
    assert number not in page
    assert f"{number[:4]}**********{number[-4:]}" in page
    assert "职称" in page and "机构全称" not in page
    # Leaving the masked field blank keeps the stored number.
    response = client.post(
        CENTER_URL,
        {
            "expert_name": "刘专家",
            "id_number": "",
            "professional_title": "高级工程师",
            "professional_field": "智能制造",
            "resume": "二十年经验。",
            "contact_phone": "13900000000",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(institution=expert)
    assert qualification.get_latest_revision_as_object().id_number == number
    assert qualification.review_status == Qualification.ReviewStatus.IN_REVIEW


def organisation_values():
    from django.core.files.base import ContentFile

    data = organisation_form()
    data["licence"] = ContentFile(png_scan_bytes(), name="licence.png")
    return data
