from django.shortcuts import redirect
from django.views import View

from marketplace.members.views.center.base import ENTERPRISE, INSTITUTION, MemberCentreMixin


class CenterHomeView(MemberCentreMixin, View):
    """/center/: each kind of member starts where its work is."""

    def get(self, request):
        if self.member_kind_of_user == ENTERPRISE:
            return redirect("members:center_enterprise_profile")
        if self.member_kind_of_user == INSTITUTION:
            return redirect("members:center_qualification")
        # Staff and reviewers have no member profile, only messages.
        return redirect("members:center_messages")
