from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

User = get_user_model()
# Long enough for any passphrase; a megabyte of "password" is not one.
PASSWORD_MAX_LENGTH = 128


class ChinesePasswordErrorsMixin:
    """Django's zh-hans catalogue lacks the plural "too short" message; say it in Chinese."""

    def full_clean(self):
        super().full_clean()
        for errors in (self._errors or {}).values():
            for index, error in enumerate(errors.data):
                if getattr(error, "code", None) == "password_too_short":
                    minimum = (error.params or {}).get("min_length", 8)
                    errors.data[index] = ValidationError(
                        _("密码太短，至少需要 %(min_length)d 个字符。"),
                        code="password_too_short",
                        params={"min_length": minimum},
                    )


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。注意区分大小写。"),
        "inactive": _("该账号已停用，请联系平台管理员。"),
    }

    username = forms.CharField(
        label=_("用户名"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PortalSetPasswordForm(ChinesePasswordErrorsMixin, SetPasswordForm):
    pass


class PortalPasswordChangeForm(ChinesePasswordErrorsMixin, PasswordChangeForm):
    pass


class PortalPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("注册时填写的电子邮箱"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
