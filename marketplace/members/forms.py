"""Member-centre forms: the enterprise profile and the institution's public profile."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

from marketplace.members.media import save_member_image
from marketplace.members.models import Enterprise, Institution
from portal.text_limits import LengthLimitsMixin
from portal.uploads import IMAGE_KINDS, validate_upload

LOGO_MAX_UPLOAD_SIZE = 2 * 1024 * 1024


class LogoField(WagtailImageField):
    """An uploaded logo: a clean JPEG/PNG/GIF/WebP (the portal's upload check), at most 2 MB."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_upload_size = LOGO_MAX_UPLOAD_SIZE
        self.max_upload_size_text = filesizeformat(LOGO_MAX_UPLOAD_SIZE)
        formats = self.supported_formats_text
        self.help_text = _("支持 %(formats)s 格式，不超过 %(size)s。") % {
            "formats": formats,
            "size": self.max_upload_size_text,
        }
        # What Willow may still refuse after the portal's check is worded, naming the field,
        # by portal.form_messages (the form's LengthLimitsMixin), as for every other field.

    def to_python(self, data):
        if data:
            # Size first, then content by magic bytes, polyglots and the pixel limit, before
            # Willow reads anything.
            validate_upload(data, kinds=IMAGE_KINDS, max_bytes=LOGO_MAX_UPLOAD_SIZE)
        try:
            return super().to_python(data)
        except forms.ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 — Willow's size checks on odd files
            raise forms.ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class LogoUploadMixin:
    """Adds an optional `logo_upload` and stores it as a Wagtail image of the member."""

    logo_title = _("标志")

    def save_logo(self, member):
        uploaded = self.cleaned_data.get("logo_upload")
        if uploaded:
            member.logo = save_member_image(
                member.user, uploaded, f"{member.name} {self.logo_title}"
            )


class EnterpriseProfileForm(LengthLimitsMixin, LogoUploadMixin, forms.ModelForm):
    """企业资料: every profile field; those that make a profile complete are required here."""

    logo_upload = LogoField(label=_("企业标志"), required=False)
    logo_title = _("企业标志")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "region_code",
            "region_name",
            "industry",
            "scale",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "introduction",
        ]
        widgets = {
            "credit_code": forms.TextInput(attrs={"autocapitalize": "characters"}),
            "region_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6}),
            "introduction": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "region_code": _("6位行政区划代码，例如 430100（长沙市）、430121（长沙县）。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Enterprise.REQUIRED_PROFILE_FIELDS:
            self.fields[name].required = True
        self.fields["industry"].choices = [("", _("请选择所属行业"))] + list(
            self.fields["industry"].choices
        )[1:]

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()

    def save(self, commit=True):
        enterprise = super().save(commit=False)
        self.save_logo(enterprise)
        if commit:
            enterprise.save()
        return enterprise


class InstitutionProfileForm(LengthLimitsMixin, LogoUploadMixin, forms.ModelForm):
    """机构资料: what the public directory shows. The qualification is edited elsewhere."""

    logo_upload = LogoField(label=_("机构标志"), required=False)
    logo_title = _("机构标志")

    class Meta:
        model = Institution
        fields = ["introduction", "service_scope", "contact_phone"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "service_scope": forms.Textarea(attrs={"rows": 4}),
        }

    def save(self, commit=True):
        institution = super().save(commit=False)
        self.save_logo(institution)
        if commit:
            institution.save()
        return institution
