"""Admin for the service category tree (服务类目), for provincial staff."""

from django import forms
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from marketplace.catalogue.models import ServiceCategory


class ServiceCategoryForm(WagtailAdminModelForm):
    """The category's fields plus its place in the tree (上级类目), which treebeard manages."""

    parent = forms.ModelChoiceField(
        label=_("上级类目"),
        queryset=ServiceCategory.objects.filter(depth=1),
        required=False,
        help_text=_("留空表示一级类目。类目最多两级。"),
    )

    class Meta:
        model = ServiceCategory
        fields = ["name", "slug", "icon", "description", "sort_order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("parent", self.instance.get_parent())
            # A category with children stays at the top; none moves below itself.
            parents = ServiceCategory.objects.filter(depth=1).exclude(pk=self.instance.pk)
            self.fields["parent"].queryset = parents.none() if self.instance.numchild else parents

    @transaction.atomic
    def save(self, commit=True):
        category = self.instance
        parent = self.cleaned_data.get("parent")
        if category.pk is None:
            category = (
                parent.add_child(instance=category)
                if parent
                else ServiceCategory.add_root(instance=category)
            )
        else:
            category.save()
            if parent != category.get_parent():
                if parent is None:
                    category.move(ServiceCategory.get_first_root_node(), pos="sorted-sibling")
                else:
                    category.move(parent, pos="sorted-child")
                category.refresh_from_db()
        self.instance = category
        return category


class ServiceCategoryViewSet(ModelViewSet):
    model = ServiceCategory
    name = "marketplace_service_categories"
    icon = "list-ul"
    menu_label = _("服务类目")
    menu_order = 300
    url_prefix = "marketplace/service-categories"
    copy_view_enabled = False
    list_display = [
        Column("indented_name", label=_("类目名称")),
        "slug",
        Column("parent_name", label=_("上级类目")),
        "sort_order",
        "is_active",
    ]
    list_filter = ["is_active", "depth"]
    search_fields = ["name", "slug"]
    ordering = "path"
    list_per_page = 100

    def get_form_class(self, for_update=False):
        return ServiceCategoryForm

    def get_queryset(self, request):
        parent = ServiceCategory.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - ServiceCategory.steplen)
        ).values("name")[:1]
        return ServiceCategory.objects.annotate(parent_name=Subquery(parent))
