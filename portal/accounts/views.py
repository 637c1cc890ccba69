from django.contrib.auth import views as auth_views
from django.views.generic import TemplateView

from .forms import PortalAuthenticationForm


class PortalLoginView(auth_views.LoginView):
    """Members and staff log in here; staff may go on to /admin/."""

    template_name = "accounts/login.html"
    authentication_form = PortalAuthenticationForm
    redirect_authenticated_user = True


class RegisterChoiceView(TemplateView):
    """免费注册: choose enterprise or service-institution registration (R1.1)."""

    template_name = "accounts/register_choice.html"
