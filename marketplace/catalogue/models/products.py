"""Enterprise products (企业产品, R2.2–R2.5) and the industry tree they are filed under.

Products go live without review as soon as they are published, so operators can take one down
with a reason the owner sees, and the public can report one (`ReportableMixin`). The owner can
also withdraw (下架) and relist its own product; a product taken down by the platform stays down.
"""

import html

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from treebeard.mp_tree import MP_Node
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from marketplace.catalogue.models.reports import ReportableMixin
from marketplace.catalogue.models.search import enterprise_owner_search_fields
from marketplace.catalogue.publishing import require_complete_profile
from marketplace.members.models.members import Enterprise
from portal.cache import bump_content_version
from portal.exceptions import ActionRefused
from portal.money import format_yuan

DESCRIPTION_MAX_LENGTH = 20000
TAKEDOWN_REASON_MAX_LENGTH = 500


class ProductCategory(MP_Node):
    """产品类目, by industry: 装备制造 › 工程机械, 电子信息 › 集成电路, …"""

    name = models.CharField(_("类目名称"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    node_order_by = ["sort_order", "name"]

    class Meta:
        db_table = "marketplace_productcategory"
        verbose_name = _("产品类目")
        verbose_name_plural = _("产品类目")

    def __str__(self):
        return self.name

    @property
    def parent_path(self):
        return self.path[: -self.steplen] if self.depth > 1 else ""

    @property
    def indented_name(self):
        return f"{'　' * (self.depth - 1)}{self.name}"


class EnterpriseProductQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def public(self):
        """What anyone may see: published, by an enterprise whose account is active."""
        return self.filter(
            status=EnterpriseProduct.Status.PUBLISHED, enterprise__user__is_active=True
        )

    def in_category(self, category):
        return self.filter(category__path__startswith=category.path)


class EnterpriseProduct(ReportableMixin, index.Indexed, ClusterableModel):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已下架")  # by its owner, who may relist it
        TAKEN_DOWN = "taken_down", _("已被平台下架")  # by an operator, with a reason

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="products", verbose_name=_("企业")
    )
    category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("产品类目"),
    )
    name = models.CharField(_("产品名称"), max_length=100)
    summary = models.CharField(_("产品简介"), max_length=200, blank=True)
    price = models.DecimalField(
        _("价格（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("留空表示面议。"),
    )
    unit = models.CharField(
        _("计价单位"), max_length=20, blank=True, help_text=_("例如 台、件、吨。")
    )
    specifications = models.TextField(
        _("规格参数"),
        max_length=3000,
        blank=True,
        help_text=_("每行一项，例如“额定功率：15 kW”。"),
    )
    # Sanitised HTML (marketplace.catalogue.sanitize) — never stored unsanitised. The limit
    # counts the HTML, tags and detail-image addresses included: that is what is stored.
    description = models.TextField(_("产品描述"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    takedown_reason = models.TextField(
        _("下架原因"), max_length=TAKEDOWN_REASON_MAX_LENGTH, blank=True
    )
    taken_down_at = models.DateTimeField(_("下架时间"), null=True, blank=True)
    taken_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("下架操作人"),
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EnterpriseProductQuerySet.as_manager()

    # Site search (search/sources.py); the FilterFields are those `public()` filters on.
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("summary", boost=1.5),
        index.SearchField("description_text"),
        index.SearchField("specifications"),
        *enterprise_owner_search_fields(),
        index.FilterField("status"),
        index.FilterField("category"),
        index.FilterField("enterprise"),
        index.FilterField("published_at"),
    ]

    class Meta:
        db_table = "marketplace_enterpriseproduct"
        verbose_name = _("企业产品")
        verbose_name_plural = _("企业产品")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:product_detail", args=[self.pk])

    @classmethod
    def reportable_objects(cls):
        return cls.objects.public()

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.enterprise.user.is_active

    @property
    def description_text(self):
        """The description without its HTML (tags and image addresses are not words)."""
        # A space for each tag, so that two paragraphs do not run together into one word.
        return html.unescape(strip_tags(self.description.replace("<", " <")))

    @property
    def is_price_negotiable(self):
        return self.price is None

    @property
    def price_display(self):
        """「¥16,900.00 / 台」 or 「面议」 (portal.money)."""
        return format_yuan(self.price, self.unit)

    @property
    def specification_rows(self):
        """[(name, value)] from "名称：值" lines (full- or half-width colon)."""
        rows = []
        for line in self.specifications.splitlines():
            line = line.strip()
            if not line:
                continue
            name, separator, value = line.replace("：", ":", 1).partition(":")
            rows.append((name.strip(), value.strip()) if separator else ("", line))
        return rows

    @property
    def ordered_images(self):
        """Main images in order; uses the prefetched `images` when there are some."""
        return sorted(self.images.all(), key=lambda item: (item.sort_order or 0, item.pk))

    @property
    def cover(self):
        """The first main image (an `EnterpriseProductImage`), or None."""
        images = self.ordered_images
        return images[0] if images else None

    # The owner's transitions (member centre and member API alike) ----------------------------

    def _locked_for_owner(self):
        """This row, locked; a product the platform took down stays down."""
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        if locked.status == self.Status.TAKEN_DOWN:
            raise ActionRefused(_("该产品已被平台下架，如有疑问请联系平台。"))
        return locked

    @transaction.atomic
    def withdraw(self):
        """下架 by the owner: leaves the portal; the owner may relist it later."""
        locked = self._locked_for_owner()
        if locked.status != self.Status.PUBLISHED:
            raise ActionRefused(_("只有已发布的产品可以下架。"))
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])  # the signal below bumps the cache

    @transaction.atomic
    def relist(self):
        """重新上架 by the owner: publishing again, so the profile must be complete."""
        locked = self._locked_for_owner()
        if locked.status != self.Status.WITHDRAWN:
            raise ActionRefused(_("只有已下架的产品可以重新上架。"))
        require_complete_profile(self.enterprise)
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])


class EnterpriseProductImage(Orderable):
    """One main image (主图) of a product; the first in order is the cover."""

    product = ParentalKey(EnterpriseProduct, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("图片"),
    )

    class Meta(Orderable.Meta):
        db_table = "marketplace_enterpriseproductimage"
        verbose_name = _("产品主图")
        verbose_name_plural = _("产品主图")

    @property
    def renditions_ready(self):
        """Whether the whole pre-generated set exists; public templates show nothing else."""
        from marketplace.catalogue.images import product_renditions_ready

        return product_renditions_ready(self.image)


# Public product fragments are cached under the "marketplace" content version: any change to a
# product (publish, edit, take-down, delete — in the centre or the admin) or to the category
# tree the listing shows rebuilds them on the next request.
@receiver(post_save, sender=EnterpriseProduct)
@receiver(post_delete, sender=EnterpriseProduct)
@receiver(post_save, sender=ProductCategory)
@receiver(post_delete, sender=ProductCategory)
def _products_changed(sender, **kwargs):
    bump_content_version("marketplace")
