"""Qualifications (资质表): what an institution submits for review by its window platform.

A qualification is a Wagtail snippet with drafts, revisions, locking and a workflow, so that
review is Wagtail's own moderation: the member centre saves revisions and starts the workflow,
reviewers approve or reject in the admin, approval publishes the revision. The database row is
the *live* (last approved) version; pending changes live only in revisions, so public code that
reads the row never shows what has not been approved.
"""

import datetime
import re
import uuid
from pathlib import PurePath

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.permissions import register_permission_policy

from marketplace.members.models.members import Institution, phone_validator
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP, REVIEWER_GROUP
from marketplace.members.permissions import PlatformScopedPermissionPolicy
from marketplace.members.validators import validate_credit_code

# Registers the review task model with the app (a concrete model in members/workflows.py).
from marketplace.members.workflows import (
    PlatformReviewTask,  # noqa: F401
    ReviewStatusMixin,
)
from portal.uploads import SCAN_KINDS, UploadValidator

# Uploaded scans -------------------------------------------------------------------------------

SCAN_MAX_BYTES = 10 * 1024 * 1024
# The file-name extensions a scan may have, and the type each is served as.
SCAN_EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
# A licence or certificate scan: PDF, JPEG or PNG, at most 10 MB, checked by the portal's one
# upload check (content by its magic bytes, polyglots, image bombs, active PDF content).
validate_scan = UploadValidator(kinds=SCAN_KINDS, max_bytes=SCAN_MAX_BYTES)


def private_storage():
    """The private storage, looked up on use so that test settings' temporary folder applies."""
    return storages["private"]


def scan_upload_to(instance, filename):
    """An unguessable name under the institution's folder; only the extension is kept."""
    extension = PurePath(filename).suffix.lower()
    return f"qualifications/{instance.institution_id}/{uuid.uuid4().hex}{extension}"


# 居民身份证号码 (GB 11643-1999) -----------------------------------------------------------------

ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK_CHARACTERS = "10X98765432"
ID_NUMBER_PATTERN = re.compile(r"^\d{17}[\dX]$")


def id_number_check_character(first_17):
    total = sum(
        int(digit) * weight for digit, weight in zip(first_17, ID_NUMBER_WEIGHTS, strict=True)
    )
    return ID_NUMBER_CHECK_CHARACTERS[total % 11]


def is_valid_id_number(value):
    number = (value or "").strip().upper()
    if not ID_NUMBER_PATTERN.match(number):
        return False
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return id_number_check_character(number[:17]) == number[17]


def validate_id_number(value):
    if not is_valid_id_number(value):
        raise ValidationError(
            _("身份证号码不正确，请核对后重新输入（18位，末位为校验码）。"),
            code="invalid_id_number",
        )


def mask_id_number(value):
    """4301**********1234: enough for a person to recognise, useless to anyone else."""
    if not value:
        return ""
    return (
        f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}" if len(value) > 8 else "*" * len(value)
    )


# The model -------------------------------------------------------------------------------------


class Qualification(
    ReviewStatusMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model
):
    """An institution's 资质表. Organisations and experts fill in different fields."""

    # Never public itself; approval reaches public pages through the workflow's own bumps.
    shown_on_public_pages = False

    class ReviewStatus(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    ORGANISATION_FIELDS = (
        "legal_name",
        "credit_code",
        "legal_representative",
        "licence",
        "service_scope",
        "service_categories",
        "contact_name",
        "contact_phone",
        "contact_email",
        "introduction",
    )
    EXPERT_FIELDS = (
        "expert_name",
        "id_number",
        "professional_title",
        "professional_field",
        "resume",
        "certificates",
        "contact_phone",
        "contact_email",
    )
    # What must be filled in before submitting; drafts may be incomplete.
    ORGANISATION_REQUIRED = (
        "legal_name",
        "credit_code",
        "legal_representative",
        "licence",
        "service_scope",
        "contact_name",
        "contact_phone",
    )
    EXPERT_REQUIRED = (
        "expert_name",
        "id_number",
        "professional_title",
        "professional_field",
        "resume",
        "contact_phone",
    )
    # Reviewed by the window platform found through this lookup (see marketplace.members.workflows).
    review_platform_lookup = "institution__platform"
    institution = models.OneToOneField(
        Institution,
        on_delete=models.CASCADE,
        related_name="qualification",
        verbose_name=_("服务机构"),
    )

    # Organisations: 政府服务 / 社会服务 / SAAS服务
    legal_name = models.CharField(_("机构全称"), max_length=150, blank=True)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位，见营业执照。"),
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    licence = models.FileField(
        _("营业执照扫描件"),
        storage=private_storage,
        upload_to=scan_upload_to,
        max_length=255,
        blank=True,
        validators=[validate_scan],
        help_text=_("PDF、JPG 或 PNG，不超过 10 MB。仅本机构与审核人员可见。"),
    )
    service_scope = models.TextField(_("服务范围"), max_length=1000, blank=True)
    service_categories = models.CharField(
        _("服务类别"),
        max_length=200,
        blank=True,
        help_text=_("多个类别用顿号分隔，例如：财税服务、法律咨询。"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[phone_validator]
    )
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    introduction = models.TextField(_("机构简介"), max_length=2000, blank=True)

    # Experts: natural persons
    expert_name = models.CharField(_("姓名"), max_length=50, blank=True)
    id_number = models.CharField(
        _("身份证号"), max_length=18, blank=True, validators=[validate_id_number]
    )
    professional_title = models.CharField(_("职称"), max_length=50, blank=True)
    professional_field = models.CharField(_("专业领域"), max_length=100, blank=True)
    resume = models.TextField(_("个人简历"), max_length=3000, blank=True)
    certificates = models.FileField(
        _("资格证书"),
        storage=private_storage,
        upload_to=scan_upload_to,
        max_length=255,
        blank=True,
        validators=[validate_scan],
        help_text=_("职称或资格证书扫描件：PDF、JPG 或 PNG，不超过 10 MB。"),
    )

    review_status = models.CharField(
        _("审核状态"),
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="qualification")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="qualification",
        for_concrete_model=False,
    )

    # Platform data of its owner's platform (marketplace.members.scoping).
    platform_owner = "institution"

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {
        REVIEWER_GROUP: ["view", "change", "publish", "lock"],
        PROVINCIAL_STAFF_GROUP: ["view", "change", "publish", "lock", "unlock"],
    }

    class Meta:
        db_table = "marketplace_qualification"
        verbose_name = _("资质")
        verbose_name_plural = _("资质")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return str(self.institution)

    @property
    def revisions(self):
        return self._revisions

    # What kind of form ---------------------------------------------------------------------

    @property
    def kind(self):
        return self.institution.kind

    @property
    def is_expert(self):
        return self.kind == Institution.Kind.EXPERT

    @property
    def form_fields(self):
        return self.EXPERT_FIELDS if self.is_expert else self.ORGANISATION_FIELDS

    @property
    def required_fields(self):
        return self.EXPERT_REQUIRED if self.is_expert else self.ORGANISATION_REQUIRED

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def display_name(self):
        return (self.expert_name if self.is_expert else self.legal_name) or self.institution.name

    def private_file_url(self, field_name):
        """Where the licence or certificate may be downloaded, by those allowed to."""
        return reverse("members:qualification_file", args=[self.pk, field_name])

    # Export columns
    @property
    def kind_label(self):
        return self.institution.get_kind_display()

    @property
    def platform_name(self):
        return self.institution.platform.name

    @property
    def review_status_label(self):
        return self.get_review_status_display()


# Registered with the model, not in wagtail_hooks: Wagtail loads hooks lazily, and a publish or
# edit action that looked the policy up first would fix the unscoped fallback policy for good.
register_permission_policy(Qualification, PlatformScopedPermissionPolicy(Qualification))
