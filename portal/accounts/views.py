from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy

from portal.accounts.forms import (
    PortalAuthenticationForm,
    PortalPasswordChangeForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
)

# Several authentication backends are configured (django-axes first), so a fresh account is
# logged in with the one that actually holds it.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class PortalLoginView(auth_views.LoginView):
    """Members and staff log in here; staff may go on to /admin/."""

    template_name = "accounts/login.html"
    authentication_form = PortalAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Without `next`: staff to the admin, members to their 管理中心 (LOGIN_REDIRECT_URL).
        if self.request.user.is_staff:
            return reverse("wagtailadmin_home")
        return super().get_default_redirect_url()


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PortalPasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = PortalSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
