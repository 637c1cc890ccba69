import copy

from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from marketplace.members.forms import EnterpriseProfileForm, InstitutionProfileForm
from marketplace.members.views.center.base import EnterpriseCentreMixin, InstitutionCentreMixin


class MemberProfileView(UpdateView):
    success_message = _("资料已保存。")

    def get_object(self, queryset=None):
        # Always the member's own row: there is no id in the URL to tamper with. The form gets a
        # copy: a refused form fills its instance with what was typed, and the page's
        # completeness and banner must speak of the saved profile (`member`), not of that.
        return copy.copy(self.member)

    def form_valid(self, form):
        response = super().form_valid(form)
        self.member = form.instance
        messages.success(self.request, self.success_message)
        return response

    def form_invalid(self, form):
        messages.error(self.request, _("资料未保存，请根据提示修改后重新提交。"))
        return super().form_invalid(form)


class EnterpriseProfileView(EnterpriseCentreMixin, MemberProfileView):
    """企业资料 (R2.1): fill in and "修改并提交"."""

    form_class = EnterpriseProfileForm
    template_name = "marketplace/center/enterprise_profile.html"
    success_url = reverse_lazy("members:center_enterprise_profile")
    center_section = "enterprise_profile"
    success_message = _("企业资料已保存。")


class InstitutionProfileView(InstitutionCentreMixin, MemberProfileView):
    """机构资料: the public face shown in the 服务机构 directory once approved."""

    form_class = InstitutionProfileForm
    template_name = "marketplace/center/institution_profile.html"
    success_url = reverse_lazy("members:center_institution_profile")
    center_section = "institution_profile"
    success_message = _("机构资料已保存。")
