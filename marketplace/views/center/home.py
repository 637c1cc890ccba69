from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views import View

from marketplace.views.center.base import ENTERPRISE, INSTITUTION, MemberCentreMixin


class CenterHomeView(MemberCentreMixin, View):
    """/center/: each kind of member starts where its work is."""

    def get(self, request):
        if self.member_kind_of_user == ENTERPRISE:
            return redirect("marketplace:center_enterprise_profile")
        if self.member_kind_of_user == INSTITUTION:
            try:
                return redirect(reverse("marketplace:center_qualification"))
            except NoReverseMatch:  # until the qualification page exists
                return redirect("marketplace:center_institution_profile")
        # Staff and reviewers have no member profile, only messages.
        return redirect("marketplace:center_messages")
