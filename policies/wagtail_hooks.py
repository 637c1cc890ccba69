"""Admin: the policy taxonomies as snippets, grouped under one menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.sections import HOME_SECTION_HOOK
from policies.home_sections import latest_policies
from policies.models import Industry, IssuingBody, PolicyCategory

hooks.register(HOME_SECTION_HOOK, latest_policies, order=10)


class IssuingBodyFilterSet(WagtailFilterSet):
    class Meta:
        model = IssuingBody
        fields = ["level"]


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "group"
    list_display = ["name", "level", "sort_order"]
    filterset_class = IssuingBodyFilterSet
    search_fields = ["name"]
    copy_view_enabled = False


class PolicyCategoryViewSet(SnippetViewSet):
    model = PolicyCategory
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]
    copy_view_enabled = False


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "folder-open-inverse"
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    copy_view_enabled = False


class PolicyTaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (IssuingBodyViewSet, PolicyCategoryViewSet, IndustryViewSet)
    menu_label = _("政策分类")
    menu_icon = "tag"
    menu_order = 300


register_snippet(PolicyTaxonomyViewSetGroup)
