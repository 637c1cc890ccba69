"""A policy or regulation (政策法规) and the files that come with it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BodyBlock
from policies.models.taxonomies import PolicyLevel
from policies.serializers import (
    AttachmentSerializer,
    IndustrySerializer,
    IssuingBodySerializer,
    PolicyCategorySerializer,
    PolicyReferenceSerializer,
)
from portal.headless_preview import HeadlessPreviewMixin


class PolicyStatus(models.TextChoices):
    UPCOMING = "upcoming", _("尚未施行")
    IN_FORCE = "in-force", _("现行有效")
    EXPIRED = "expired", _("已失效")


class PolicyPageQuerySet(PageQuerySet):
    """Status filters are queries, so listings and the API agree with `PolicyPage.status`."""

    def upcoming(self, today=None):
        return self.filter(effective_date__gt=today or timezone.localdate())

    def in_force(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            Q(effective_date__isnull=True) | Q(effective_date__lte=today),
            Q(expiry_date__isnull=True) | Q(expiry_date__gt=today),
        )

    def expired(self, today=None):
        return self.filter(expiry_date__lte=today or timezone.localdate())

    def with_status(self, status, today=None):
        return {
            PolicyStatus.UPCOMING: self.upcoming,
            PolicyStatus.IN_FORCE: self.in_force,
            PolicyStatus.EXPIRED: self.expired,
        }[status](today)

    def for_listing(self):
        """Everything a list row shows, in a fixed number of queries whatever the row count."""
        return self.select_related("issuing_body").prefetch_related("categories")

    def for_api(self):
        return self.select_related("issuing_body", "interprets").prefetch_related(
            "categories",
            "industries",
            Prefetch("attachments", PolicyAttachment.objects.select_related("document")),
        )


PolicyPageManager = PageManager.from_queryset(PolicyPageQuerySet)


class PolicyPage(HeadlessPreviewMixin, Page):
    """One policy document: its facts (文号, 发文机关, dates), its text and its attachments.

    A policy interpretation (政策解读) is a policy page too, pointing at the policy it explains
    through `interprets`; the explained policy lists its interpretations.
    """

    document_number = models.CharField(
        _("文号"), max_length=100, blank=True, help_text=_("例如：湘工信中小〔2024〕12号")
    )
    issuing_body = models.ForeignKey(
        "policies.IssuingBody",
        verbose_name=_("发文机关"),
        null=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    level = models.CharField(
        _("级别"),
        max_length=20,
        choices=PolicyLevel.choices,
        blank=True,
        help_text=_("留空则取发文机关的级别。"),
    )
    categories = ParentalManyToManyField(
        "policies.PolicyCategory", verbose_name=_("政策类别"), blank=True, related_name="policies"
    )
    industries = ParentalManyToManyField(
        "policies.Industry", verbose_name=_("适用行业"), blank=True, related_name="policies"
    )
    publish_date = models.DateField(_("发布日期"), default=datetime.date.today)
    effective_date = models.DateField(
        _("施行日期"), null=True, blank=True, help_text=_("留空表示自发布之日起施行。")
    )
    expiry_date = models.DateField(
        _("废止日期"), null=True, blank=True, help_text=_("自该日起失效；留空表示长期有效。")
    )
    summary = models.TextField(_("摘要"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("解读的政策"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        help_text=_("本页是政策解读时，选择被解读的政策。"),
    )

    objects = PolicyPageManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("level")]),
                FieldRowPanel(
                    [
                        FieldPanel("publish_date"),
                        FieldPanel("effective_date"),
                        FieldPanel("expiry_date"),
                    ]
                ),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [FieldPanel("categories"), FieldPanel("industries")],
            heading=_("分类"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("附件"), label=_("附件")),
        FieldPanel("interprets"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("level"),
        index.FilterField("issuing_body"),
        index.FilterField("publish_date"),
        index.RelatedFields("issuing_body", [index.SearchField("name")]),
        index.RelatedFields("categories", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("document_number"),
        APIField("issuing_body", serializer=IssuingBodySerializer()),
        APIField("level"),
        APIField("level_label", serializer=serializers.CharField(source="get_level_display")),
        APIField("categories", serializer=PolicyCategorySerializer(many=True)),
        APIField("industries", serializer=IndustrySerializer(many=True)),
        APIField("publish_date"),
        APIField("effective_date"),
        APIField("expiry_date"),
        APIField("status"),
        APIField("status_label", serializer=serializers.CharField()),
        APIField("in_force"),
        APIField("summary"),
        APIField("body"),
        APIField("attachments", serializer=AttachmentSerializer(many=True)),
        APIField("interprets", serializer=PolicyReferenceSerializer()),
    ]

    # Query parameters of /api/v2/pages/?type=policies.PolicyPage beyond the model's own fields
    # (which Wagtail filters on already: level, issuing_body, publish_date, …).
    api_filter_parameters = frozenset({"category", "industry", "year", "status"})
    # What they mean, for the API's OpenAPI document (portal.api_schema).
    api_filter_parameter_descriptions = {
        "category": _("政策分类的 slug"),
        "industry": _("行业代码（如 C），不区分大小写"),
        "year": _("发布年份（四位数字）"),
        "status": _("施行状态：upcoming（尚未施行）、in-force（现行有效）或 expired（已失效）"),
    }

    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("政策法规")
        verbose_name_plural = _("政策法规")

    def clean(self):
        super().clean()
        if self.issuing_body_id and not self.level:
            self.level = self.issuing_body.level
        if self.effective_date and self.expiry_date and self.expiry_date <= self.effective_date:
            raise ValidationError({"expiry_date": _("废止日期必须晚于施行日期。")})
        if self.interprets_id and self.pk and self.interprets_id == self.pk:
            raise ValidationError({"interprets": _("政策解读不能解读自己。")})

    def save(self, *args, **kwargs):
        # Factories and scripts skip `clean()`; the level must still follow the issuing body.
        if self.issuing_body_id and not self.level:
            self.level = self.issuing_body.level
        return super().save(*args, **kwargs)

    @property
    def status(self):
        today = timezone.localdate()
        if self.effective_date and self.effective_date > today:
            return PolicyStatus.UPCOMING
        if self.expiry_date and self.expiry_date <= today:
            return PolicyStatus.EXPIRED
        return PolicyStatus.IN_FORCE

    @property
    def status_label(self):
        return PolicyStatus(self.status).label

    @property
    def in_force(self):
        return self.status == PolicyStatus.IN_FORCE

    @property
    def is_interpretation(self):
        return self.interprets_id is not None

    @classmethod
    def filter_api_listing(cls, queryset, params):
        """Apply `api_filter_parameters`; a value that cannot match gives an empty listing."""
        if category := params.get("category"):
            queryset = queryset.filter(categories__slug=category)
        if industry := params.get("industry"):
            queryset = queryset.filter(industries__code=industry.upper())
        if year := params.get("year"):
            if not year.isdigit():
                return queryset.none()
            queryset = queryset.filter(publish_date__year=int(year))
        if status := params.get("status"):
            if status not in PolicyStatus.values:
                return queryset.none()
            queryset = queryset.with_status(status)
        # Several categories match one policy more than once.
        return queryset.distinct()

    @classmethod
    def optimise_api_listing(cls, queryset):
        return queryset.for_api()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        context["related_policies"] = self.related_policies()
        context["interpretations"] = (
            self.interpretations.live().public().order_by("-publish_date", "-pk")
        )
        return context

    def related_policies(self, limit=5):
        """Live siblings sharing a category, newest first; one query whatever the categories."""
        return (
            PolicyPage.objects.live()
            .public()
            .sibling_of(self, inclusive=False)
            .filter(categories__in=self.categories.all())
            .distinct()
            .select_related("issuing_body")
            .order_by("-publish_date", "-pk")[:limit]
        )

    @cached_property
    def interpreted_policy(self):
        """The live, public policy this page interprets, or None."""
        if not self.interprets_id:
            return None
        return PolicyPage.objects.live().public().filter(pk=self.interprets_id).first()


class PolicyAttachment(Orderable):
    """A file published with a policy: the official text, forms, annexes."""

    page = ParentalKey(PolicyPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("显示名称"), max_length=200, blank=True, help_text=_("留空则使用文件标题。")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
