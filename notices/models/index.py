"""The notice index: one page type, three pages under the home page (活动通知, 项目申报, 新闻动态).

One type with a `kind` keeps the header simple (each kind is its own navigation item) while the
listing, filters, caching and feeds are written once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from notices.models.base import NoticeKind


class NoticeIndexPage(RoutablePageMixin, Page):
    kind = models.CharField(
        _("栏目类型"),
        max_length=20,
        choices=NoticeKind.choices,
        help_text=_("决定本栏目收录哪一类内容。"),
    )
    intro = RichTextField(_("栏目简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("kind"), APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "notices.ActivityNoticePage",
        "notices.ProjectDeclarationPage",
        "notices.NewsPage",
    ]
    template = "notices/notice_index_page.html"

    class Meta:
        verbose_name = _("通知栏目")
        verbose_name_plural = _("通知栏目")

    @property
    def notice_model(self):
        from notices.models.activities import ActivityNoticePage
        from notices.models.declarations import ProjectDeclarationPage
        from notices.models.news import NewsPage

        return {
            NoticeKind.ACTIVITY: ActivityNoticePage,
            NoticeKind.DECLARATION: ProjectDeclarationPage,
            NoticeKind.NEWS: NewsPage,
        }[NoticeKind(self.kind)]

    def live_notices(self):
        """This index's public notices as their concrete model: one query, no `.specific`."""
        return self.notice_model.objects.live().public().child_of(self).defer_streamfields()

    def notice_url(self, notice, request=None):
        """A child's URL from the index's own, so listings never look one up per row."""
        return f"{self.get_url(request)}{notice.slug}/"

    @path("")
    def listing(self, request):
        from notices.listing import NoticeListing

        return self.render(request, context_overrides={"listing": NoticeListing(self, request)})

    @path("feed/", name="feed")
    def rss_feed(self, request):
        from notices.feeds import NoticeRssFeed

        return NoticeRssFeed()(request, index_page=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from notices.feeds import NoticeAtomFeed

        return NoticeAtomFeed()(request, index_page=self)
