from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from marketplace.members.registration.forms import (
    EnterpriseRegistrationForm,
    InstitutionRegistrationForm,
)
from portal.accounts.views import MODEL_BACKEND
from portal.ratelimit import RateLimit

registration_limit = RateLimit("register", limit=10, window=60 * 60)


class RegisterChoiceView(TemplateView):
    """免费注册: choose enterprise or service-institution registration (R1.1)."""

    template_name = "accounts/register_choice.html"


class RegistrationView(FormView):
    """Create the account and the member, log in, and go on into the member centre.

    Registrations are rate-limited per client IP; there is no captcha.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("您已登录，如需注册新账号请先退出。"))
            return redirect("members:center_home")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Counted before the form is even validated, in one atomic step: simultaneous posts
        # cannot all pass a check made before any of them counted. An invalid form gives its
        # count back (form_invalid), so only accounts made are counted.
        self.rate_limit = registration_limit.acquire(request)
        if not self.rate_limit.allowed:
            form = self.get_form()
            form.add_error(None, _("注册过于频繁：同一网络每小时最多注册 10 个账号，请稍后再试。"))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(self.rate_limit.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        registration_limit.release(self.request, self.rate_limit)
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                member = form.save()
        except IntegrityError:
            # Someone took the username between validation and saving.
            form.add_error("username", form.error_messages["duplicate_username"])
            return self.form_invalid(form)
        login(self.request, member.user, backend=MODEL_BACKEND)
        return self.registered(member)


class EnterpriseRegistrationView(RegistrationView):
    """企业注册 (R2.1): straight into 企业管理中心 to complete the profile."""

    template_name = "accounts/register_enterprise.html"
    form_class = EnterpriseRegistrationForm

    def registered(self, enterprise):
        messages.success(
            self.request,
            _("注册成功！欢迎进入企业管理中心，请先完善企业资料，然后点击“修改并提交”。"),
        )
        return redirect("members:center_enterprise_profile")


class InstitutionRegistrationView(RegistrationView):
    """服务机构注册 (R1.2): then the 资质表 (R1.3)."""

    template_name = "accounts/register_institution.html"
    form_class = InstitutionRegistrationForm

    def registered(self, institution):
        messages.success(
            self.request,
            _("注册成功！请填写资质表并提交审核，审核通过后即可发布服务产品。"),
        )
        return redirect("members:center_qualification")
