from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from marketplace.members.models import Enterprise, Institution, WindowPlatform
from portal.accounts.forms import ChinesePasswordErrorsMixin
from portal.text_limits import LengthLimitsMixin

User = get_user_model()
# Long enough for any passphrase; a megabyte of "password" is not one.
PASSWORD_MAX_LENGTH = 128


class RegistrationForm(LengthLimitsMixin, ChinesePasswordErrorsMixin, forms.Form):
    """What every member gives at registration: an account and a display name.

    Subclasses add the member's own fields; `save()` creates the user and the member in one
    transaction, so a failure leaves nothing behind.
    """

    error_messages = {
        "duplicate_username": _("该用户名已被注册，请换一个用户名。"),
        "password_mismatch": _("两次输入的密码不一致。"),
    }

    username = forms.CharField(
        label=_("用户名"),
        max_length=30,
        help_text=_("4–30 个字符，可用字母、数字和 @ . + - _。"),
        min_length=4,
        validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不能全是数字，不能与用户名过于相似。"),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # The user model's column is 254 long; Django's form field alone would accept 320.
    email = forms.EmailField(
        label=_("电子邮箱"), max_length=254, help_text=_("用于接收审核结果和找回密码。")
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        validators=[RegexValidator(r"^1\d{10}$", _("请输入 11 位手机号码。"))],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(self.error_messages["duplicate_username"], code="duplicate")
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", self.error_messages["password_mismatch"])
        elif password1 and "username" in cleaned:
            candidate = User(
                username=cleaned["username"], email=cleaned.get("email", ""), display_name=""
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def create_user(self, display_name):
        data = self.cleaned_data
        user = User(
            username=data["username"],
            email=data["email"],
            phone=data["phone"],
            display_name=display_name,
        )
        user.set_password(data["password1"])
        user.save()
        return user


class EnterpriseRegistrationForm(RegistrationForm):
    """企业注册 (R2.1): only the name now; the profile is completed in the member centre."""

    field_order = ["username", "password1", "password2", "enterprise_name", "email", "phone"]

    enterprise_name = forms.CharField(label=_("企业名称"), max_length=150)

    @transaction.atomic
    def save(self):
        name = self.cleaned_data["enterprise_name"]
        user = self.create_user(display_name=name)
        return Enterprise.objects.create(
            user=user,
            name=name,
            contact_phone=self.cleaned_data["phone"],
            contact_email=self.cleaned_data["email"],
        )


class PlatformChoiceField(forms.ModelChoiceField):
    """所属平台: active platforms, offered in one <optgroup> per platform kind.

    Grouped options work without JavaScript; `static/js/marketplace-filter-select.js` adds a
    text filter when scripts run.
    """

    def __init__(self, **kwargs):
        super().__init__(queryset=WindowPlatform.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.region_name}）"

    def load_grouped_choices(self):
        """Query once per form (never at import) and group; validation still uses the queryset."""
        self.queryset = WindowPlatform.objects.filter(is_active=True).order_by("path")
        groups = {kind: [] for kind in WindowPlatform.Kind}
        for platform in self.queryset:
            groups[platform.kind].append((platform.pk, self.label_from_instance(platform)))
        self.widget.choices = [("", _("请选择所属平台"))] + [
            (kind.label, items) for kind, items in groups.items() if items
        ]


class InstitutionRegistrationForm(RegistrationForm):
    """服务机构注册 (R1.2): kind, account, 所属平台 and name; the 资质表 comes next."""

    field_order = [
        "kind",
        "username",
        "password1",
        "password2",
        "platform",
        "institution_name",
        "email",
        "phone",
    ]

    kind = forms.ChoiceField(label=_("注册类型"), widget=forms.RadioSelect)
    platform = PlatformChoiceField(
        label=_("所属平台"),
        help_text=_("选择本机构所在地的市州综合性窗口平台、产业集群窗口平台或县市区窗口平台。"),
        widget=forms.Select(attrs={"data-filterable-select": ""}),
    )
    institution_name = forms.CharField(
        label=_("机构名称"), max_length=150, help_text=_("专家注册请填写本人姓名。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, _("%(kind)s注册") % {"kind": label})
            for value, label in Institution.Kind.choices
        ]
        self.fields["platform"].load_grouped_choices()

    @transaction.atomic
    def save(self):
        data = self.cleaned_data
        user = self.create_user(display_name=data["institution_name"])
        platform = data["platform"]
        return Institution.objects.create(
            user=user,
            kind=data["kind"],
            platform=platform,
            name=data["institution_name"],
            region_code=platform.region_code,
            region_name=platform.region_name,
            contact_phone=data["phone"],
        )
