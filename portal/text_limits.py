"""Length limits on what members and the public type, and the one message that reports them.

The limits themselves are `max_length` on the model fields (TextField and RichTextField
included), so every ModelForm and a REST serializer get them. Django's own message does not say
which field is too long; `LengthLimitsMixin` puts the field's label into it, and model code that
checks a length itself uses `too_long_message`, so members always read the same sentence:
「产品描述最多 5000 个字，当前 1048576 个字。」

Three ways of counting, each said in the message:
- TEXT: characters as typed (plain text fields);
- HTML: characters of the stored HTML, tags included (the product description, whose editor
  writes HTML into a TextField);
- RICH_TEXT: characters of the text without its tags (Wagtail's RichTextField counts so, as its
  editor's counter does); such fields also get an HTML ceiling (see ServiceProduct.clean).
"""

from html import unescape

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.form_messages import label_field_messages, name_fields_in_errors

TEXT = "text"
HTML = "html"
RICH_TEXT = "rich_text"

MESSAGES = {
    TEXT: _("%(label)s最多 %(limit_value)d 个字，当前 %(show_value)d 个字。"),
    HTML: _("%(label)s最多 %(limit_value)d 个字符（含排版代码），当前 %(show_value)d 个字符。"),
    RICH_TEXT: _("%(label)s最多 %(limit_value)d 个字（不含排版代码），当前 %(show_value)d 个字。"),
}


def measure(value, counting=TEXT):
    if counting == RICH_TEXT:
        return len(unescape(strip_tags(value or "")))
    return len(value or "")


def too_long_message(label, limit, length, counting=TEXT):
    """The sentence for a value of `length` where `limit` is allowed."""
    return MESSAGES[counting] % {"label": label, "limit_value": limit, "show_value": length}


def too_long_error(label, limit, length, counting=TEXT):
    return ValidationError(
        MESSAGES[counting],
        code="max_length",
        params={"label": label, "limit_value": limit, "show_value": length},
    )


@deconstructible
class LabelledMaxLengthValidator(MaxLengthValidator):
    """Django's max-length check with the field's label and the way of counting in the message."""

    def __init__(self, limit_value, label, counting=TEXT):
        super().__init__(limit_value)
        self.label = label
        self.counting = counting

    def clean(self, x):
        return measure(x, self.counting)

    def __call__(self, value):
        length = self.clean(value)
        if length > self.limit_value:
            raise too_long_error(self.label, self.limit_value, length, self.counting)

    def __eq__(self, other):
        return isinstance(other, LabelledMaxLengthValidator) and (
            self.limit_value,
            self.label,
            self.counting,
        ) == (other.limit_value, other.label, other.counting)


def label_length_limits(form, html_fields=()):
    """Give every max-length check of `form` the portal's message, naming the field."""
    from wagtail.rich_text import RichTextMaxLengthValidator

    for name, field in form.fields.items():
        for index, validator in enumerate(field.validators):
            if not isinstance(validator, MaxLengthValidator) or isinstance(
                validator, LabelledMaxLengthValidator
            ):
                continue
            if isinstance(validator, RichTextMaxLengthValidator):
                counting = RICH_TEXT
            elif name in html_fields:
                counting = HTML
            else:
                counting = TEXT
            field.validators[index] = LabelledMaxLengthValidator(
                validator.limit_value, field.label or name, counting
            )


class LengthLimitsMixin:
    """For every form members or the public fill in: too-long values are named in Chinese, and
    so is every other field error (`portal.form_messages`: 「请填写联系电话。」); an error that
    still does not name its field gets the label in front after validation.

    `html_length_fields` lists fields whose value is HTML counted with its tags.
    """

    html_length_fields = ()

    def full_clean(self):
        # Only a form that validates needs the messages: setting them when the form is built cost
        # a member page that merely shows its form 2–4 ms (issue 20), and fields a subclass adds
        # after `__init__` get them too.
        if self.is_bound:
            label_length_limits(self, self.html_length_fields)
            label_field_messages(self)
        super().full_clean()
        if self.is_bound:
            name_fields_in_errors(self)
