"""Member-centre forms: the contract's content (R3.4) and the uploads after signing (R3.6)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contracts.files import validate_contract_document
from contracts.models import Contract, ContractDocument
from contracts.models.contracts import (
    CONTENT_FIELDS,
    REQUIRED_TO_SEND,
    RETURN_COMMENT_MAX_LENGTH,
)
from portal.text_limits import LengthLimitsMixin

MAX_FILES_PER_UPLOAD = 10


class ContractForm(LengthLimitsMixin, forms.ModelForm):
    """`sending=True` (发送给企业) requires everything the standard contract needs."""

    class Meta:
        model = Contract
        fields = list(CONTENT_FIELDS)
        widgets = {
            "service_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "service_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "amount": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "service_content",
                    "payment_terms",
                    "acceptance_criteria",
                    "breach_clauses",
                    "dispute_resolution",
                )
            },
        }

    def __init__(self, *args, sending=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sending = sending
        for name in ("party_a_name", "party_b_name"):
            self.fields[name].required = True
        if sending:
            for name in REQUIRED_TO_SEND:
                self.fields[name].required = True

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("service_start"), cleaned_data.get("service_end")
        if start and end and end < start:
            self.add_error("service_end", _("服务结束日期不能早于开始日期。"))
        for name, value in list(cleaned_data.items()):
            if isinstance(value, str):
                cleaned_data[name] = value.strip()
        return cleaned_data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            raise ValidationError(_("请选择要上传的文件。"), code="required")
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(
                _("一次最多上传 %(count)d 个文件。") % {"count": MAX_FILES_PER_UPLOAD},
                code="too_many",
            )
        cleaned = [super(MultipleFileField, self).clean(file, initial) for file in files]
        errors = []
        for file in cleaned:
            try:
                validate_contract_document(file)
            except ValidationError as error:
                errors.extend(error.messages)  # each names its file
        if errors:
            raise ValidationError(errors)
        return cleaned


class DocumentUploadForm(LengthLimitsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("文件类型"),
        choices=ContractDocument.Kind.choices,
        initial=ContractDocument.Kind.SIGNED_SCAN,
    )
    files = MultipleFileField(
        label=_("文件"),
        help_text=_("PDF、JPG 或 PNG，每个不超过 20 MB，可多选。"),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ReturnForm(LengthLimitsMixin, forms.Form):
    comment = forms.CharField(
        label=_("修改意见"),
        max_length=RETURN_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("退回修改时请填写修改意见。")},
    )
