"""What every notice page shares: publish date, summary, body, cover image, attachments."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BodyBlock
from portal.headless_preview import HeadlessPreviewMixin


class NoticeKind(models.TextChoices):
    ACTIVITY = "activity", _("活动通知")
    DECLARATION = "declaration", _("项目申报")
    NEWS = "news", _("新闻动态")


class NoticePageBase(HeadlessPreviewMixin, Page):
    """Abstract base of the three notice kinds; each sets `notice_kind`."""

    notice_kind: NoticeKind

    publish_date = models.DateField(_("发布日期"), default=timezone.localdate, db_index=True)
    summary = models.TextField(
        _("摘要"), max_length=300, blank=True, help_text=_("列表和首页显示的简介，300字以内。")
    )
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)
    cover_image = models.ForeignKey(
        "portal.CustomImage",
        verbose_name=_("封面图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Subclasses put their own fields between these two groups of panels.
    leading_panels = [*Page.content_panels, FieldPanel("publish_date"), FieldPanel("summary")]
    trailing_panels = [
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    content_panels = [*leading_panels, *trailing_panels]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publish_date"),
    ]
    api_fields = [
        APIField("publish_date"),
        APIField("summary"),
        APIField("body"),
        APIField("cover_image"),
        APIField(
            "cover_thumbnail",
            serializer=ImageRenditionField("fill-480x270", source="cover_image"),
        ),
        APIField("attachments"),
    ]

    # Query parameters of /api/v2/pages/?type=notices.… beyond the model's own fields: the
    # filters of the HTML listing (`notices.api_listing`).
    api_filter_parameters = frozenset({"year"})

    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types: list = []

    class Meta:
        abstract = True

    @classmethod
    def filter_api_listing(cls, queryset, params):
        from notices.api_listing import filter_notices

        return filter_notices(queryset, params, cls.notice_kind)

    @classmethod
    def can_create_at(cls, parent):
        # The 活动通知 index takes only activities, and so on: the index's kind decides.
        if not super().can_create_at(parent):
            return False
        index_page = parent.specific_deferred
        return getattr(index_page, "kind", None) == cls.notice_kind

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        context["related_notices"] = self.related_notices()
        return context

    def related_notices(self, limit=5):
        """Other live notices of the same kind under the same index: one query, no `.specific`."""
        parent = self.get_parent()
        siblings = (
            type(self)
            .objects.live()
            .child_of(parent)
            .exclude(pk=self.pk)
            .order_by("-publish_date", "-pk")
            .only("title", "slug", "publish_date")[:limit]
        )
        base_url = parent.get_url()
        return [(notice, f"{base_url}{notice.slug}/") for notice in siblings]


class NoticeAttachmentBase(Orderable):
    """A downloadable file attached to a notice (申报指南, 报名表, …)."""

    document = models.ForeignKey(
        "portal.CustomDocument", verbose_name=_("文件"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("显示名称"), max_length=200, blank=True, help_text=_("留空则使用文件标题。")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [APIField("document"), APIField("title")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
