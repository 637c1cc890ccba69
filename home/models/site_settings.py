from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


class LinkFields(models.Model):
    """A labelled link to a page of the site or to a URL (for routes that are not pages)."""

    label = models.CharField(_("文字"), max_length=40)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("站内页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.CharField(_("链接地址"), max_length=255, blank=True)

    panels = [FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")]

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if not self.link_page and not self.link_url:
            raise ValidationError(_("请选择站内页面或填写链接地址。"))

    @property
    def url(self):
        if self.link_page_id and self.link_page and self.link_page.live:
            return self.link_page.url
        return self.link_url or "#"


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    """The header's main navigation (首页, 政策法规, 活动通知, …), editable by editors."""

    panels = [InlinePanel("links", label=_("导航项"))]

    class Meta:
        verbose_name = _("主导航")


class NavigationLink(Orderable, LinkFields):
    setting = ParentalKey(NavigationSettings, related_name="links", on_delete=models.CASCADE)


@register_setting(icon="site")
class FooterSettings(BaseSiteSetting, ClusterableModel):
    """The footer every page shows: who runs the portal, how to reach it, the ICP record."""

    organisation = models.CharField(_("主办单位"), max_length=100, blank=True)
    operator = models.CharField(_("承办单位"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("服务热线"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    service_hours = models.CharField(_("服务时间"), max_length=100, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    police_record = models.CharField(_("公安备案号"), max_length=60, blank=True)
    copyright = models.CharField(_("版权声明"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("operator"), FieldPanel("copyright")],
            heading=_("单位"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("service_hours"),
            ],
            heading=_("联系方式"),
        ),
        MultiFieldPanel([FieldPanel("icp_number"), FieldPanel("police_record")], heading=_("备案")),
        InlinePanel("links", label=_("友情链接")),
    ]

    class Meta:
        verbose_name = _("页脚")


class FooterLink(Orderable, LinkFields):
    setting = ParentalKey(FooterSettings, related_name="links", on_delete=models.CASCADE)
