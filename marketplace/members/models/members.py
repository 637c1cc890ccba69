"""Members: enterprises (企业) and service institutions (服务机构), one per user account."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce, Now
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from marketplace.members.models.platforms import (
    PROVINCIAL_STAFF_GROUP,
    REVIEWER_GROUP,
    WindowPlatform,
)
from marketplace.members.validators import validate_credit_code, validate_region_code

phone_validator = RegexValidator(
    r"^[0-9+\-\s()]{7,20}$", _("请输入有效的电话号码，例如 13800000000 或 0731-88888888。")
)


class Industry(models.TextChoices):
    """GB/T 4754-2017 国民经济行业分类, 门类."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741 — the standard's letter
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741 — the standard's letter
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")


class Enterprise(models.Model):
    """An SME member (企业用户). Registered with its name only; the profile is completed later."""

    class Scale(models.TextChoices):
        MICRO = "micro", _("微型")
        SMALL = "small", _("小型")
        MEDIUM = "medium", _("中型")
        LARGE = "large", _("大型")

    # What "资料完整" means: an enterprise may publish products only with all of these (R2.2).
    REQUIRED_PROFILE_FIELDS = (
        "name",
        "credit_code",
        "region_code",
        "region_name",
        "industry",
        "scale",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "introduction",
    )
    # Part of the profile, but neither required for publishing nor counted by `completeness`.
    OPTIONAL_PROFILE_FIELDS = ("logo",)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise",
        verbose_name=_("用户"),
    )
    name = models.CharField(_("企业名称"), max_length=150)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位，见营业执照。"),
    )
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code]
    )
    region_name = models.CharField(_("所在地区"), max_length=50, blank=True)
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices, blank=True)
    scale = models.CharField(_("企业规模"), max_length=10, choices=Scale.choices, blank=True)
    address = models.CharField(_("详细地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[phone_validator]
    )
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    introduction = models.TextField(_("企业简介"), max_length=2000, blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("企业标志"),
    )
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # Of no platform: only provincial staff see it (marketplace.members.scoping).
    platform_owner = "province"

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {PROVINCIAL_STAFF_GROUP: ["view", "change"]}

    class Meta:
        db_table = "marketplace_enterprise"
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["region_code"]),
            models.Index(fields=["industry"]),
        ]

    def __str__(self):
        return self.name

    def _is_filled(self, field_name):
        if field_name == "logo":
            return self.logo_id is not None
        return bool(str(getattr(self, field_name) or "").strip())

    @property
    def completeness(self):
        """Percentage (0–100) of the required profile fields filled in: 100 exactly when the
        profile is complete (`is_complete`); the optional logo does not hold it below 100."""
        fields = self.REQUIRED_PROFILE_FIELDS
        filled = sum(self._is_filled(name) for name in fields)
        return round(100 * filled / len(fields))

    @property
    def is_complete(self):
        """All required profile fields are filled: "未填写资料的企业不能发布产品"."""
        return all(self._is_filled(name) for name in self.REQUIRED_PROFILE_FIELDS)

    @property
    def missing_profile_fields(self):
        return [
            self._meta.get_field(name).verbose_name
            for name in self.REQUIRED_PROFILE_FIELDS
            if not self._is_filled(name)
        ]


# An approved qualification (decision 0005, "Public institutions"): the row is live *and* was
# published from a revision. Wagtail sets `live_revision` only when a revision is published —
# for a qualification, the platform review's approval — and unpublishing clears both; a row
# saved directly is live by default (DraftStateMixin) but has no live revision. A pending or
# rejected change to an approved qualification leaves the approved (live) version in force.
APPROVED_QUALIFICATION = {
    "qualification__live": True,
    "qualification__live_revision__isnull": False,
}


class InstitutionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def approved(self):
        """What the public may see (R1.7): an approved qualification and an active account.

        Derived from the qualification in the query (a join on its unique `institution_id`),
        never from the `is_approved` flag, which only mirrors it for the member centre and the
        admin: a flag set by hand or by a seed makes nothing public.
        """
        return self.filter(user__is_active=True, **APPROVED_QUALIFICATION)

    def sync_approval_flags(self):
        """Repair the `is_approved` / `approved_at` mirror from the qualifications (data check:
        `seed_demo` runs it on an existing database). Returns the number of rows corrected."""
        approved = self.model.objects.filter(**APPROVED_QUALIFICATION).values("pk")
        revoked = (
            self.filter(is_approved=True)
            .exclude(pk__in=approved)
            .update(is_approved=False, approved_at=None)
        )
        qualification = self.model._meta.get_field("qualification").related_model
        last_approved = qualification.objects.filter(institution=models.OuterRef("pk")).values(
            "last_published_at"
        )[:1]
        granted = (
            self.filter(pk__in=approved)
            .filter(models.Q(is_approved=False) | models.Q(approved_at__isnull=True))
            .update(
                is_approved=True,
                approved_at=Coalesce("approved_at", models.Subquery(last_approved), Now()),
            )
        )
        return revoked + granted

    def annotate_export_columns(self):
        """Flat columns for the admin's CSV/XLSX export."""
        return self.annotate(
            platform_name=models.F("platform__name"), username=models.F("user__username")
        )


class Institution(index.Indexed, models.Model):
    """A service institution member (服务机构用户) of one of four kinds.

    Only the public face lives here; the qualification (资质表: credit code or ID number, licence,
    legal representative…) is a separate, reviewed model. Whether the institution is public is
    read from that model (`InstitutionQuerySet.approved`); `is_approved` / `approved_at` are a
    mirror the review workflow keeps for the member centre and the admin.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府服务")
        SOCIAL = "social", _("社会服务")
        SAAS = "saas", _("SAAS服务")
        EXPERT = "expert", _("专家")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="institution",
        verbose_name=_("用户"),
    )
    kind = models.CharField(_("机构类型"), max_length=16, choices=Kind.choices)
    platform = models.ForeignKey(
        WindowPlatform,
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("所属平台"),
    )
    name = models.CharField(_("机构名称"), max_length=150)
    is_approved = models.BooleanField(_("已审核通过"), default=False, db_index=True)
    approved_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True)
    introduction = models.TextField(_("机构简介"), max_length=2000, blank=True)
    service_scope = models.TextField(_("服务范围"), max_length=1000, blank=True)
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code]
    )
    region_name = models.CharField(_("所在地区"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[phone_validator]
    )
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("机构标志"),
    )
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    # Site search (search/sources.py); the FilterFields are those `approved()` filters on.
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("get_kind_display"),
        index.SearchField("introduction"),
        index.SearchField("service_scope"),
        index.SearchField("region_name"),
        index.RelatedFields("user", [index.FilterField("is_active")]),
        index.RelatedFields(
            "qualification", [index.FilterField("live"), index.FilterField("live_revision")]
        ),
        index.FilterField("kind"),
        index.FilterField("platform"),
        index.FilterField("approved_at"),
    ]

    # Platform data of its owner's platform (marketplace.members.scoping).
    platform_owner = "platform"

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {REVIEWER_GROUP: ["view"], PROVINCIAL_STAFF_GROUP: ["view", "change"]}

    class Meta:
        db_table = "marketplace_institution"
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        ordering = ["-approved_at", "-pk"]
        indexes = [
            models.Index(fields=["is_approved", "kind"]),
            models.Index(fields=["region_code"]),
        ]

    def __str__(self):
        return self.name
