"""Forms of the public side: the index filters and the activity sign-up form."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from notices.models import ActivitySignUp, DeclarationStatus, NoticeKind
from notices.models.activities import ActivityStatus
from portal.text_limits import LengthLimitsMixin

STATUS_CHOICES = {
    NoticeKind.ACTIVITY: ActivityStatus.choices,
    NoticeKind.DECLARATION: DeclarationStatus.choices,
}
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class YearField(forms.ChoiceField):
    """Lists the years that have notices, but accepts any plausible year without a query."""

    def valid_value(self, value):
        return str(value).isdigit() and EARLIEST_YEAR <= int(value) <= LATEST_YEAR

    def clean(self, value):
        value = super().clean(value)  # validated as a string first
        return int(value) if value else None


class NoticeFilterForm(forms.Form):
    """GET filters of a notice index. Invalid values are ignored, never an error page."""

    status = forms.ChoiceField(label=_("状态"), required=False)
    year = YearField(label=_("年份"), required=False)

    def __init__(self, data=None, *, kind, years=(), **kwargs):
        super().__init__(data, **kwargs)
        if kind in STATUS_CHOICES:
            self.fields["status"].choices = [("", _("全部")), *STATUS_CHOICES[kind]]
        else:
            del self.fields["status"]
        # A callable is only evaluated when the select is rendered (inside the cached fragment).
        self.fields["year"].choices = lambda: [("", _("全部")), *((y, y) for y in years())]

    def filters(self):
        """The valid filters only: a bad `?year=abc` is dropped, the rest still applies."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9\- ]{6,19}$", _("请输入有效的联系电话，例如 13800000000 或 0731-88888888。")
)


class ActivitySignUpForm(LengthLimitsMixin, forms.ModelForm):
    class Meta:
        model = ActivitySignUp
        fields = ["name", "organisation", "phone", "note"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(phone_validator)
