"""新闻动态: news of the platform and of SME work across the province."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from notices.models.base import NoticeAttachmentBase, NoticeKind, NoticePageBase


class NewsPage(NoticePageBase):
    notice_kind = NoticeKind.NEWS

    source = models.CharField(
        _("来源"), max_length=100, blank=True, help_text=_("例如：湖南省工业和信息化厅")
    )

    content_panels = [
        *NoticePageBase.leading_panels,
        FieldPanel("source"),
        *NoticePageBase.trailing_panels,
    ]
    search_fields = [*NoticePageBase.search_fields, index.SearchField("source")]
    api_fields = [*NoticePageBase.api_fields, APIField("source")]
    template = "notices/news_page.html"

    class Meta:
        verbose_name = _("新闻动态")
        verbose_name_plural = _("新闻动态")


class NewsAttachment(NoticeAttachmentBase):
    page = ParentalKey(NewsPage, related_name="attachments", on_delete=models.CASCADE)
