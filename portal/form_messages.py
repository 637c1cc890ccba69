"""Field errors that name the field and say what to do, in one place for every member form.

Django's messages say neither which field is wrong nor how to put it right (「必需字段」,
「确保该变量包含不超过 12 个数字。」 with an ASCII full stop). `label_field_messages(form)`, which
`portal.text_limits.LengthLimitsMixin` calls for every form members and the public fill in,
replaces each field's default messages with sentences built from its label:
「请填写联系电话。」, 「预算请填写数字，例如 5000 或 12.5。」, 「预算最多 10 位整数、2 位小数。」.
A message a form sets itself (`error_messages=…` on the field) is kept. Length limits have their
own sentence (`portal.text_limits`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED_FILL = _("请填写%(label)s。")
REQUIRED_CHOOSE = _("请选择%(label)s。")
REQUIRED_UPLOAD = _("请上传%(label)s。")

NUMBER_MESSAGES = {
    "invalid": _("%(label)s请填写数字，例如 5000 或 12.5。"),
    "max_value": _("%(label)s不能大于 %(limit_value)s。"),
    "min_value": _("%(label)s不能小于 %(limit_value)s。"),
    "step_size": _("%(label)s必须是 %(limit_value)s 的整数倍。"),
}
DECIMAL_MESSAGES = {
    "max_digits": _("%(label)s最多 %(max)s 位数字，请删去多余的位数。"),
    "max_decimal_places": _("%(label)s最多保留 %(max)s 位小数。"),
    "max_whole_digits": _("%(label)s的整数部分最多 %(max)s 位。"),
}
TYPE_MESSAGES = (
    # Subclasses first: DecimalField and FloatField derive from IntegerField.
    (forms.DecimalField, {**NUMBER_MESSAGES, **DECIMAL_MESSAGES}),
    (forms.FloatField, NUMBER_MESSAGES),
    (forms.IntegerField, {**NUMBER_MESSAGES, "invalid": _("%(label)s请填写整数。")}),
    (
        forms.DateTimeField,
        {"invalid": _("%(label)s请按“年-月-日 时:分”填写，例如 2026-12-31 09:30。")},
    ),
    (forms.DateField, {"invalid": _("%(label)s请按“年-月-日”填写，例如 2026-12-31。")}),
    (forms.EmailField, {"invalid": _("请填写有效的%(label)s，例如 name@example.com。")}),
    (forms.URLField, {"invalid": _("请填写有效的%(label)s，以 http:// 或 https:// 开头。")}),
    (
        forms.ModelMultipleChoiceField,
        {
            "invalid_choice": _("%(label)s中有无效的选项，请重新选择。"),
            "invalid_pk_value": _("%(label)s中有无效的选项，请重新选择。"),
        },
    ),
    (forms.ModelChoiceField, {"invalid_choice": _("%(label)s的选项无效，请重新选择。")}),
    (forms.ChoiceField, {"invalid_choice": _("%(label)s的选项无效，请重新选择。")}),
    (
        forms.FileField,
        {
            "invalid": _("%(label)s上传失败，请重新选择文件。"),
            "empty": _("%(label)s是空文件，请重新选择。"),
            "missing": _("%(label)s上传失败，请重新选择文件。"),
        },
    ),
)


def _defaults(field):
    """The messages a field would have without a form setting any."""
    messages = {}
    for klass in reversed(type(field).__mro__):
        messages.update(getattr(klass, "default_error_messages", {}))
    return messages


def _required_message(field):
    if isinstance(field, forms.FileField):
        return REQUIRED_UPLOAD
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField):
        return REQUIRED_CHOOSE
    return REQUIRED_FILL


def _with_label(message, label):
    """Fill in the label now; Django fills its own parameters (%(max)s, …) when it raises."""
    text = str(message)
    if "%(" in text.replace("%(label)s", ""):
        label = str(label).replace("%", "%%")  # the message will be %-formatted again
    return text.replace("%(label)s", str(label))


def label_field_messages(form):
    """Give every field of `form` messages that name it (keeping ones the form set itself)."""
    for name, field in form.fields.items():
        label = field.label or name
        defaults = _defaults(field)
        wanted = {"required": _required_message(field)}
        for field_type, messages in TYPE_MESSAGES:
            if isinstance(field, field_type):
                wanted = {**messages, **wanted}
                break
        for code, message in wanted.items():
            current = field.error_messages.get(code)
            if current is not None and str(current) != str(defaults.get(code, current)):
                continue  # the form's own wording
            field.error_messages[code] = _with_label(message, label)
