from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.sections import home_sections


class HomePage(Page):
    """The portal's front page: a banner, then sections that later apps fill with live content."""

    banner_title = models.CharField(_("横幅标题"), max_length=120, blank=True)
    banner_text = models.TextField(_("横幅说明"), blank=True)
    banner_image = models.ForeignKey(
        "portal.CustomImage",
        verbose_name=_("横幅图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = RichTextField(_("平台简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("banner_title"), FieldPanel("banner_text"), FieldPanel("banner_image")],
            heading=_("横幅"),
        ),
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(request, self)
        return context
