"""Service products (服务产品): what an approved institution offers, reviewed by its platform.

Reviewed exactly like a qualification (R1.6): a Wagtail snippet with drafts, revisions, locking
and the platform review workflow. The row is the live (last approved) version; the member's
pending edits live in revisions until a reviewer approves them, so public code that reads rows
with `live=True` never shows anything unapproved.
"""

import re
from decimal import Decimal

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.permissions import register_permission_policy
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from marketplace.catalogue.models.categories import ServiceCategory
from marketplace.members.models.members import Institution, phone_validator
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP, REVIEWER_GROUP
from marketplace.members.permissions import PlatformScopedPermissionPolicy
from marketplace.members.workflows import ReviewNotices, ReviewStatusMixin
from portal.money import format_yuan, format_yuan_range
from portal.text_limits import HTML, RICH_TEXT, measure, too_long_error

# Rich text -------------------------------------------------------------------------------------

SERVICE_CONTENT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]
CONTENT_MAX_LENGTH = 10000  # characters of text
CONTENT_HTML_MAX_LENGTH = 30000  # characters of the sanitised HTML, tags included
_TAG = re.compile(r"<[a-zA-Z/!]")


def sanitise_rich_text(html, features=SERVICE_CONTENT_FEATURES):
    """Keep only the elements and attributes of `features` (Wagtail's own whitelister).

    Script and style elements go with their content; plain text (no tags) becomes paragraphs,
    so a member may type into a plain text box.
    """
    html = (html or "").strip()
    if not html:
        return ""
    if not _TAG.search(html):
        return "".join(
            f"<p>{escape(line.strip())}</p>" for line in html.splitlines() if line.strip()
        )
    # Imported here: the admin's rich-text package needs the model registry to be ready.
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "iframe", "object", "embed", "template"]):
        element.decompose()
    return EditorHTMLConverter(features=features).to_database_format(str(soup))


# The model -------------------------------------------------------------------------------------


class ServiceProductQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def public(self):
        """Live products of approved, active institutions: what the portal shows (R1.7).

        The institutions are `Institution.objects.approved()` itself, as a subquery (`IN`), so
        the rule has one definition; the search backends accept it too (the database ones in
        SQL, OpenSearch by reading the ids at query time).
        """
        return self.filter(live=True, institution__in=Institution.objects.approved())


class ServiceProduct(
    index.Indexed,
    ReviewStatusMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    models.Model,
):
    class ReviewStatus(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        APPROVED = "approved", _("已上架")
        REJECTED = "rejected", _("未通过")
        WITHDRAWN = "withdrawn", _("已下架")

    class ServiceMode(models.TextChoices):
        ONLINE = "online", _("线上")
        OFFLINE = "offline", _("线下")
        BOTH = "both", _("线上线下")

    class PriceMode(models.TextChoices):
        FIXED = "fixed", _("固定价格")
        RANGE = "range", _("价格区间")
        NEGOTIABLE = "negotiable", _("面议")

    review_platform_lookup = "institution__platform"
    review_notices = ReviewNotices(
        approved_title=_("服务产品审核已通过"),
        approved_body=_("您的服务产品“%(name)s”已审核通过，已在平台上架展示。"),
        rejected_title=_("服务产品审核未通过"),
        rejected_body=_(
            "您的服务产品“%(name)s”未通过审核。审核意见：%(comment)s。请修改后重新提交。"
        ),
        center_url_name="catalogue:center_service_products",
    )

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="service_products",
        verbose_name=_("服务机构"),
    )
    name = models.CharField(_("产品名称"), max_length=100)
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        related_name="service_products",
        verbose_name=_("服务类目"),
    )
    summary = models.CharField(_("产品简介"), max_length=200)
    # The limit counts the text (as Wagtail's rich-text editor does); `clean` caps the HTML.
    content = RichTextField(
        _("服务内容"),
        max_length=CONTENT_MAX_LENGTH,
        features=SERVICE_CONTENT_FEATURES,
        help_text=_("服务内容、流程、所需材料等；可使用段落、小标题、加粗和列表。"),
    )
    service_mode = models.CharField(
        _("服务方式"), max_length=16, choices=ServiceMode.choices, default=ServiceMode.BOTH
    )
    regions_served = models.CharField(
        _("服务地区"), max_length=200, default="湖南省", help_text=_("例如：湖南省、长沙市。")
    )
    price_mode = models.CharField(
        _("价格方式"), max_length=16, choices=PriceMode.choices, default=PriceMode.NEGOTIABLE
    )
    price = models.DecimalField(
        _("价格（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    price_min = models.DecimalField(
        _("最低价（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    price_max = models.DecimalField(
        _("最高价（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    delivery_period = models.CharField(
        _("服务周期"), max_length=50, blank=True, help_text=_("例如：5 个工作日。")
    )
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20, validators=[phone_validator])
    cover = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("封面图片"),
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
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="service_product")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="service_product",
        for_concrete_model=False,
    )

    objects = ServiceProductQuerySet.as_manager()

    # Site search (search/sources.py). The row is the approved version, so only approved text is
    # ever indexed; the FilterFields are those `public()` filters on.
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("summary", boost=1.5),
        index.SearchField("content"),
        index.SearchField("regions_served"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields(
            "institution",
            [index.SearchField("name")],
        ),
        index.FilterField("live"),
        index.FilterField("category"),
        index.FilterField("institution"),
        index.FilterField("first_published_at"),
    ]

    # Platform data of its owner's platform (marketplace.members.scoping).
    platform_owner = "institution"

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {
        REVIEWER_GROUP: ["view", "change", "publish", "lock"],
        PROVINCIAL_STAFF_GROUP: ["view", "change", "publish", "lock", "unlock"],
    }

    class Meta:
        db_table = "marketplace_serviceproduct"
        verbose_name = _("服务产品")
        verbose_name_plural = _("服务产品")
        ordering = ["-first_published_at", "-pk"]
        indexes = [
            models.Index(fields=["live", "category"]),
            models.Index(fields=["institution", "review_status"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Whatever path the content came by (form, admin, shell), never store unsafe HTML.
        self.content = sanitise_rich_text(self.content)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:service_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.content = sanitise_rich_text(self.content)
        errors = {}
        if (
            len(self.content) > CONTENT_HTML_MAX_LENGTH
            and measure(self.content, RICH_TEXT) <= CONTENT_MAX_LENGTH  # else that is the error
        ):
            # Little text in many tags: the text limit alone would not bound what is stored.
            errors["content"] = too_long_error(
                self._meta.get_field("content").verbose_name,
                CONTENT_HTML_MAX_LENGTH,
                len(self.content),
                HTML,
            )
        if self.price_mode == self.PriceMode.FIXED:
            if self.price is None:
                errors["price"] = _("固定价格请填写价格。")
            self.price_min = self.price_max = None
        elif self.price_mode == self.PriceMode.RANGE:
            if self.price_min is None:
                errors["price_min"] = _("价格区间请填写最低价。")
            if self.price_max is None:
                errors["price_max"] = _("价格区间请填写最高价。")
            if (
                self.price_min is not None
                and self.price_max is not None
                and self.price_min > self.price_max
            ):
                errors["price_max"] = _("最高价不能低于最低价。")
            self.price = None
        else:
            self.price = self.price_min = self.price_max = None
        if errors:
            raise ValidationError(errors)

    @property
    def revisions(self):
        return self._revisions

    @classmethod
    def get_indexed_objects(cls):
        # Only a live row can be public; a never-approved draft stays out of the index.
        return super().get_indexed_objects().filter(live=True)

    # Review status: a product the institution took off the portal is 已下架, not a draft.
    def compute_review_status(self):
        status = super().compute_review_status()
        if status == self.ReviewStatus.DRAFT and self.first_published_at:
            return self.ReviewStatus.WITHDRAWN
        return status

    # Display --------------------------------------------------------------------------------

    @property
    def price_display(self):
        """「¥16,900.00」, 「¥1,000.00 – ¥2,000.00」 or 「面议」 (portal.money)."""
        if self.price_mode == self.PriceMode.FIXED and self.price is not None:
            return format_yuan(self.price)
        if self.price_mode == self.PriceMode.RANGE and self.price_min is not None:
            return format_yuan_range(self.price_min, self.price_max)
        return _("面议")

    # Export columns
    @property
    def institution_name(self):
        return self.institution.name

    @property
    def platform_name(self):
        return self.institution.platform.name

    @property
    def category_name(self):
        return self.category.name

    @property
    def review_status_label(self):
        return self.get_review_status_display()


register_permission_policy(ServiceProduct, PlatformScopedPermissionPolicy(ServiceProduct))
