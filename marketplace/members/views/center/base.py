"""What every member-centre page shares: who may see it, and the left menu's context.

A page for one kind of member uses `EnterpriseCentreMixin` or `InstitutionCentreMixin`, sets
`center_section` (the menu item to highlight) and renders a template extending
`marketplace/center/base.html` (block `center_content`).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy

from marketplace.members.models import Enterprise, Institution, Notification
from marketplace.members.views.center.menu import ENTERPRISE, INSTITUTION, center_menu


def member_of(user):
    """(kind, member) for a logged-in member; (None, None) for staff and other accounts."""
    enterprise = Enterprise.objects.filter(user=user).first()
    if enterprise is not None:
        return ENTERPRISE, enterprise
    institution = Institution.objects.select_related("platform").filter(user=user).first()
    if institution is not None:
        return INSTITUTION, institution
    return None, None


class MemberCentreMixin(LoginRequiredMixin):
    """Login required (the portal's login page); `member_kind` None admits any account."""

    login_url = reverse_lazy("accounts:login")
    member_kind = None
    center_section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member_kind_of_user, self.member = member_of(request.user)
        if self.member_kind and self.member_kind != self.member_kind_of_user:
            # The other kind of member, or staff: this page is not theirs.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            member=self.member,
            member_kind=self.member_kind_of_user,
            center_section=self.center_section,
            center_menu=center_menu(self.member_kind_of_user),
            unread_count=Notification.objects.filter(user=self.request.user).unread().count(),
        )
        return context


class EnterpriseCentreMixin(MemberCentreMixin):
    member_kind = ENTERPRISE


class InstitutionCentreMixin(MemberCentreMixin):
    member_kind = INSTITUTION
