"""Window platforms (窗口平台): the province's platform and the windows below it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from marketplace.members.validators import validate_region_code

# Operators of the provincial platform review everything, like superusers.
PROVINCIAL_STAFF_GROUP = "省平台运营"
# Reviewers of one window platform (and the platforms below it).
REVIEWER_GROUP = "窗口平台审核员"


class WindowPlatform(MP_Node):
    """A node of the platform tree: province → city / cluster windows → county / park windows.

    Every institution belongs to one platform; a platform's reviewers review the institutions of
    its whole subtree.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("省级平台")
        CITY = "city", _("市州综合性窗口平台")
        CLUSTER = "cluster", _("产业集群窗口平台")
        COUNTY = "county", _("县市区/园区窗口平台")

    name = models.CharField(_("平台名称"), max_length=100)
    kind = models.CharField(_("平台类型"), max_length=16, choices=Kind.choices)
    region_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        validators=[validate_region_code],
        db_index=True,
        help_text=_("GB/T 2260 行政区划代码，例如 430100（长沙市）。"),
    )
    region_name = models.CharField(_("所在地区"), max_length=50)
    is_active = models.BooleanField(_("启用"), default=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="reviewed_platforms",
        blank=True,
        verbose_name=_("审核员"),
    )

    node_order_by = ["region_code", "name"]

    # Platform data (marketplace.members.scoping): the platform itself.
    platform_owner = "self"

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {
        REVIEWER_GROUP: ["view"],
        PROVINCIAL_STAFF_GROUP: ["view", "add", "change"],
    }

    class Meta:
        db_table = "marketplace_windowplatform"
        verbose_name = _("窗口平台")
        verbose_name_plural = _("窗口平台")

    def __str__(self):
        return self.name

    def subtree(self):
        """This platform and every platform below it."""
        return WindowPlatform.get_tree(self)

    @property
    def parent_path(self):
        """The parent's materialised path (no query); empty for a root."""
        return self.path[: -self.steplen] if self.depth > 1 else ""

    @classmethod
    def platforms_reviewed_by(cls, user):
        """The platforms whose institutions `user` may review.

        The union of the subtrees of the platforms the user reviews; every platform for
        superusers and provincial staff; none for anyone else.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return cls.objects.none()
        if user.is_superuser or user.groups.filter(name=PROVINCIAL_STAFF_GROUP).exists():
            return cls.objects.all()
        paths = list(user.reviewed_platforms.values_list("path", flat=True))
        if not paths:
            return cls.objects.none()
        condition = models.Q()
        for path in paths:
            condition |= models.Q(path__startswith=path)
        return cls.objects.filter(condition)


def platforms_reviewed_by(user):
    return WindowPlatform.platforms_reviewed_by(user)


def is_provincial_staff(user):
    """Superusers and the provincial operators' group see every member."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=PROVINCIAL_STAFF_GROUP).exists())
    )
