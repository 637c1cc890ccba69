"""The marketplace's admin: one menu group, "服务机构与审核", for platform staff.

Members' viewsets are listed here; the apps above (catalogue, trade) add theirs through the
`register_marketplace_admin_viewsets` hook, each as `(order, viewset class)`, so this package
imports none of them. The group is built when Wagtail registers the deferred snippets, after
every app's `wagtail_hooks` has been imported.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from marketplace.members.admin.members import (
    EnterpriseViewSet,
    InstitutionViewSet,
    WindowPlatformViewSet,
)
from marketplace.members.admin.qualifications import QualificationViewSet, ReviewQueueViewSet

ADMIN_VIEWSETS_HOOK = "register_marketplace_admin_viewsets"

# Gaps leave room for the other apps' viewsets: service products (30) sit beside the review
# queue, categories and products (70–110) and orders (120–130) after the members.
MEMBER_VIEWSETS = [
    (10, ReviewQueueViewSet),
    (20, QualificationViewSet),
    (40, WindowPlatformViewSet),
    (50, InstitutionViewSet),
    (60, EnterpriseViewSet),
]


def marketplace_admin_viewsets():
    entries = list(MEMBER_VIEWSETS)
    for contribute in hooks.get_hooks(ADMIN_VIEWSETS_HOOK):
        entries.extend(contribute())
    return tuple(viewset for _order, viewset in sorted(entries, key=lambda entry: entry[0]))


class InstitutionsAndReviewGroup(SnippetViewSetGroup):
    menu_label = _("服务机构与审核")
    menu_icon = "group"
    menu_order = 200

    def __init__(self):
        self.items = marketplace_admin_viewsets()
        super().__init__()
