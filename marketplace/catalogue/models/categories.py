"""Service categories (服务类目): the tree service products and demands are filed under.

A materialised-path tree like the window platforms, so "a category and everything below it" is
one `path__startswith` filter, and the whole tree reads in one ordered query.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP


class ServiceCategoryQuerySet(MP_NodeQuerySet):
    def active(self):
        return self.filter(is_active=True)


class ServiceCategoryManager(MP_NodeManager):
    def get_queryset(self):
        return ServiceCategoryQuerySet(self.model, using=self._db).order_by("path")

    def active(self):
        return self.get_queryset().active()


class ServiceCategory(MP_Node):
    name = models.CharField(_("类目名称"), max_length=50)
    slug = models.SlugField(_("英文标识"), max_length=60, unique=True, allow_unicode=False)
    icon = models.CharField(
        _("图标"), max_length=40, blank=True, help_text=_("可选：图标名称，例如 finance。")
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    node_order_by = ["sort_order", "name"]
    objects = ServiceCategoryManager()

    # What the staff groups may do here (marketplace.members.workflows.ensure_review_setup).
    staff_permissions = {PROVINCIAL_STAFF_GROUP: ["view", "add", "change", "delete"]}

    class Meta:
        db_table = "marketplace_servicecategory"
        verbose_name = _("服务类目")
        verbose_name_plural = _("服务类目")

    def __str__(self):
        return self.name

    @property
    def parent_path(self):
        """The parent's materialised path (no query); empty for a root."""
        return self.path[: -self.steplen] if self.depth > 1 else ""

    @property
    def indented_name(self):
        """For flat choice lists: children indented under their parent."""
        return f"{'　' * (self.depth - 1)}{self.name}"

    def descendants_filter(self, prefix=""):
        """A Q for rows filed under this category or one below it (`prefix` is the FK path)."""
        return models.Q(**{f"{prefix}path__startswith": self.path})


def category_tree(queryset=None):
    """Active categories as [(root, [children…]), …] from one query."""
    categories = list(
        (queryset if queryset is not None else ServiceCategory.objects.active()).order_by("path")
    )
    by_path = {category.path: (category, []) for category in categories if category.depth == 1}
    for category in categories:
        if category.depth == 2 and category.parent_path in by_path:
            by_path[category.parent_path][1].append(category)
    return list(by_path.values())
