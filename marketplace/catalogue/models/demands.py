"""Demands (需求): what an enterprise needs, published at once without review (R2.6).

Because nothing is reviewed beforehand, operators can take a demand down with a reason the
owner sees, and any visitor can report one (`ReportableMixin`). A demand leaves the public list
on its own when its deadline passes: `public()` filters on today's date, so no job is needed.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from marketplace.catalogue.models.categories import ServiceCategory
from marketplace.catalogue.models.reports import ReportableMixin
from marketplace.catalogue.models.search import enterprise_owner_search_fields
from marketplace.members.models.members import Enterprise, phone_validator
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP
from marketplace.members.permissions import ModerationOnlyPermissionPolicy
from marketplace.members.validators import validate_region_code
from marketplace.members.workflows import MARKETPLACE_CONTENT
from portal.cache import bump_content_version
from portal.exceptions import ActionRefused
from portal.money import format_yuan


class DemandQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def unexpired(self, today=None):
        return self.filter(deadline__gte=today or timezone.localdate())

    def public(self, today=None):
        """Open, not past the deadline, of an active member: what the portal lists."""
        return self.filter(status=Demand.Status.OPEN, enterprise__user__is_active=True).unexpired(
            today
        )


class Demand(ReportableMixin, index.Indexed, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("征集中")
        CLOSED = "closed", _("已关闭")
        TAKEN_DOWN = "taken_down", _("已下架")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="demands", verbose_name=_("发布企业")
    )
    title = models.CharField(_("需求标题"), max_length=100)
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        related_name="demands",
        verbose_name=_("需求类目"),
    )
    description = models.TextField(_("需求描述"), max_length=5000)
    budget = models.DecimalField(
        _("预算（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("不填写即为“面议”。"),
    )
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code]
    )
    region_name = models.CharField(_("所在地区"), max_length=50)
    deadline = models.DateField(_("截止日期"), db_index=True)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20, validators=[phone_validator])
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    takedown_reason = models.TextField(_("下架原因"), max_length=500, blank=True)
    taken_down_at = models.DateTimeField(_("下架时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DemandQuerySet.as_manager()

    # Site search (search/sources.py); the FilterFields are those `public()` filters on.
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("region_name"),
        *enterprise_owner_search_fields(),
        index.FilterField("status"),
        index.FilterField("deadline"),
        index.FilterField("category"),
        index.FilterField("enterprise"),
        index.FilterField("created_at"),
    ]

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {PROVINCIAL_STAFF_GROUP: ["view", "change"]}

    class Meta:
        db_table = "marketplace_demand"
        verbose_name = _("需求")
        verbose_name_plural = _("需求")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:demand_detail", args=[self.pk])

    @classmethod
    def reportable_objects(cls):
        return cls.objects.public()

    # Publishing and closing (member centre and member API alike) ---------------------------

    def publish(self):
        """确认发布: live at once, filed under the enterprise's region."""
        self.region_code = self.enterprise.region_code
        self.save()
        bump_content_version(MARKETPLACE_CONTENT)

    @transaction.atomic
    def revise(self, values):
        """修改需求 by its owner while it is open (征集中); returns the saved demand.

        `values` are a valid `DemandForm`'s fields. A closed or taken-down demand stays as it is.
        """
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        if locked.status != self.Status.OPEN:
            raise ActionRefused(
                _("该需求当前为“%(status)s”，只有征集中的需求可以修改。")
                % {"status": locked.get_status_display()}
            )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        bump_content_version(MARKETPLACE_CONTENT)
        return locked

    @transaction.atomic
    def close(self):
        """关闭需求 by the owner: an open demand leaves the portal."""
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        if locked.status != self.Status.OPEN:
            raise ActionRefused(
                _("该需求当前为“%(status)s”，只有征集中的需求可以关闭。")
                % {"status": locked.get_status_display()}
            )
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at", "updated_at"])
        bump_content_version(MARKETPLACE_CONTENT)

    @property
    def is_expired(self):
        return self.deadline < timezone.localdate()

    @property
    def display_status(self):
        """What the owner sees: 征集中 / 已过期 / 已关闭 / 已下架."""
        if self.status == self.Status.OPEN and self.is_expired:
            return _("已过期")
        return self.get_status_display()

    @property
    def budget_display(self):
        """「¥50,000.00」 or 「面议」 (portal.money)."""
        return format_yuan(self.budget)

    # Export columns
    @property
    def enterprise_name(self):
        return self.enterprise.name

    @property
    def category_name(self):
        return self.category.name

    @property
    def status_label(self):
        return self.get_status_display()


# Registered with the model (see qualifications.py for why not in wagtail_hooks).
register_permission_policy(Demand, ModerationOnlyPermissionPolicy(Demand))
