"""Field errors that name the field and say what to do, in one place for every member form.

Django's messages say neither which field is wrong nor how to put it right (「必需字段」,
「确保该变量包含不超过 12 个数字。」 with an ASCII full stop). `label_field_messages(form)`, which
`portal.text_limits.LengthLimitsMixin` calls for every form members and the public fill in,
replaces each field's default messages with sentences built from its label:
「请填写联系电话。」, 「预算请填写数字，例如 5000 或 12.5。」, 「预算最多 10 位整数、2 位小数。」.
A message a form sets itself (`error_messages=…` on the field) is kept. Length limits have their
own sentence (`portal.text_limits`); uploaded files are checked, and their refusals worded, by
`portal.uploads.validate_upload` (each names the file: 「“logo.png”的图片尺寸 20000×20000 像素超过
上限 4000 万像素，请缩小后重新上传。」), and what Wagtail's image field may still say is worded
here too, never with its 「unknown number」.
"""

from functools import cache

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

from portal.uploads import IMAGE_KINDS, formats_text

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
TEXT_MESSAGES = {
    "min_length": _("%(label)s至少 %(limit_value)d 个字，当前 %(show_value)d 个字。"),
    "null_characters_not_allowed": _("%(label)s含有无法识别的字符，请删除后重新填写。"),
}
FILE_MESSAGES = {
    "invalid": _("%(label)s上传失败，请重新选择文件。"),
    "empty": _("%(label)s是空文件，请重新选择。"),
    "missing": _("%(label)s上传失败，请重新选择文件。"),
    "max_length": _(
        "%(label)s的文件名太长（%(length)d 个字），最多 %(max)d 个字，请改短后重新上传。"
    ),
    "contradiction": _("%(label)s：请选择新文件或勾选“清除”，不要同时进行。"),
}
# Wagtail's image field sets these when it is made (not as class defaults). The portal's upload
# check runs first and names the file and the real dimensions; these are what is left, worded
# without the pixel count Wagtail cannot always tell (its 「unknown number」).
IMAGE_MESSAGES = {
    **FILE_MESSAGES,
    "invalid_image": _("%(label)s不是有效的图片，请上传 %(formats)s 格式的图片。"),
    "invalid_extension": _("%(label)s的图片格式不支持，请上传 %(formats)s 格式的图片。"),
    "invalid_image_extension": _("%(label)s的图片格式不支持，请上传 %(formats)s 格式的图片。"),
    "invalid_image_known_format": _(
        "%(label)s的内容（%(image_format)s）与扩展名 .%(extension)s 不符，请上传真实的图片文件。"
    ),
    "file_too_large": _(
        "%(label)s过大（%(file_size)s），不能超过 %(max_filesize)s，请压缩后重新上传。"
    ),
    "file_too_large_unknown_size": _("%(label)s过大，不能超过 %(max_size)s，请压缩后重新上传。"),
    "file_too_many_pixels": _(
        "%(label)s的像素过多，最多 %(max_pixels)s 万像素，请缩小后重新上传。"
    ),
}

TYPE_MESSAGES = (
    # Subclasses first: DecimalField and FloatField derive from IntegerField, WagtailImageField
    # from FileField, MultipleChoiceField from ChoiceField.
    (WagtailImageField, IMAGE_MESSAGES),
    (forms.FileField, FILE_MESSAGES),
    (forms.DecimalField, {**NUMBER_MESSAGES, **DECIMAL_MESSAGES}),
    (forms.FloatField, NUMBER_MESSAGES),
    (forms.IntegerField, {**NUMBER_MESSAGES, "invalid": _("%(label)s请填写整数。")}),
    (
        forms.DateTimeField,
        {"invalid": _("%(label)s请按“年-月-日 时:分”填写，例如 2026-12-31 09:30。")},
    ),
    (forms.DateField, {"invalid": _("%(label)s请按“年-月-日”填写，例如 2026-12-31。")}),
    (
        forms.EmailField,
        {**TEXT_MESSAGES, "invalid": _("请填写有效的%(label)s，例如 name@example.com。")},
    ),
    (
        forms.URLField,
        {**TEXT_MESSAGES, "invalid": _("请填写有效的%(label)s，以 http:// 或 https:// 开头。")},
    ),
    (
        forms.ModelMultipleChoiceField,
        {
            "invalid_choice": _("%(label)s中有无效的选项，请重新选择。"),
            "invalid_pk_value": _("%(label)s中有无效的选项，请重新选择。"),
            "invalid_list": _("%(label)s的选项无效，请从列表中重新选择。"),
        },
    ),
    (
        forms.MultipleChoiceField,
        {
            "invalid_choice": _("%(label)s中有无效的选项，请重新选择。"),
            "invalid_list": _("%(label)s的选项无效，请从列表中重新选择。"),
        },
    ),
    (forms.ModelChoiceField, {"invalid_choice": _("%(label)s的选项无效，请重新选择。")}),
    (forms.ChoiceField, {"invalid_choice": _("%(label)s的选项无效，请重新选择。")}),
    (forms.CharField, TEXT_MESSAGES),
)


@cache
def _wagtail_image_messages():
    return dict(WagtailImageField().error_messages)


def _defaults(field):
    """The messages a field would have without a form setting any."""
    messages = {}
    for klass in reversed(type(field).__mro__):
        messages.update(getattr(klass, "default_error_messages", {}))
    if isinstance(field, WagtailImageField):
        messages.update(_wagtail_image_messages())
    return messages


def _required_message(field):
    if isinstance(field, forms.FileField):
        return REQUIRED_UPLOAD
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField):
        return REQUIRED_CHOOSE
    return REQUIRED_FILL


def _known_values(field, label):
    """What the portal fills in now; Django and Wagtail fill their own (%(max)s, …) on raising."""
    values = {"label": label}
    if isinstance(field, WagtailImageField):
        values["formats"] = formats_text(IMAGE_KINDS)
        values["max_size"] = getattr(field, "max_upload_size_text", "")
        pixels = getattr(field, "max_image_pixels", None) or settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        values["max_pixels"] = pixels // 10_000
    return values


def _fill(message, values):
    text = str(message)
    filled = text
    for key in values:
        filled = filled.replace(f"%({key})s", "\0")
    escape = "%(" in filled  # the message will be %-formatted again when it is raised
    for key, value in values.items():
        value = str(value)
        text = text.replace(f"%({key})s", value.replace("%", "%%") if escape else value)
    return text


def label_field_messages(form):
    """Give every field of `form` messages that name it (keeping ones the form set itself)."""
    for name, field in form.fields.items():
        values = _known_values(field, field.label or name)
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
            field.error_messages[code] = _fill(message, values)


def _names_its_subject(text, label):
    # A file's own refusal names the file (「“scan.pdf”是空文件…」), which is what to fix.
    return label in text or text.startswith("“")


def name_fields_in_errors(form):
    """After validation: an error of a visible field that does not name it (a validator's or a
    form's own sentence, 「请输入有效的电话号码…」) gets its label in front: 「联系电话：…」."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if field is None or field.widget.is_hidden:
            continue  # non-field errors; hidden fields are the page's, not the member's
        label = str(field.label or name)
        named = []
        for error in errors.as_data():
            text = " ".join(error)
            if _names_its_subject(text, label):
                named.append(error)
            else:
                named.append(forms.ValidationError(f"{label}：{text}", code=error.code))
        errors.data[:] = named
