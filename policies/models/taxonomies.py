"""The vocabularies policies are filed under: who issued them, what they are about, which trades."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class PolicyLevel(models.TextChoices):
    """The tier of government a policy comes from; the public filters on it first."""

    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY_COUNTY = "city-county", _("市县级")


class IssuingBody(models.Model):
    """发文机关: a ministry, a provincial department, a city or county bureau."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(_("级别"), max_length=20, choices=PolicyLevel.choices)
    sort_order = models.PositiveSmallIntegerField(
        _("排序"), default=100, help_text=_("数字越小越靠前。")
    )

    panels = [FieldPanel("name"), FieldPanel("level"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("发文机关")
        verbose_name_plural = _("发文机关")

    def __str__(self):
        return self.name


class PolicyCategory(models.Model):
    """政策类别: 融资, 财税, 创新, 数字化转型, 人才, 市场开拓, …"""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    slug = models.SlugField(
        _("英文标识"), max_length=40, unique=True, help_text=_("用于网址和接口，例如 financing。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("政策类别")
        verbose_name_plural = _("政策类别")

    def __str__(self):
        return self.name


class Industry(models.Model):
    """行业: a section (门类) of GB/T 4754-2017, the national industry classification."""

    code = models.CharField(
        _("门类代码"), max_length=2, unique=True, help_text=_("GB/T 4754 门类代码，例如 C。")
    )
    name = models.CharField(_("名称"), max_length=60, unique=True)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("行业")
        verbose_name_plural = _("行业")

    def __str__(self):
        return f"{self.code} {self.name}"
