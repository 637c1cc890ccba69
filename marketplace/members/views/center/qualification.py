"""资质表 in the member centre (R1.3, R1.5): fill in, save a draft, submit for review.

Every save is a Wagtail revision (through Wagtail's create/edit actions, so it is logged). Once a
qualification has been approved its row is the public version: edits go into revisions only and
reach the row when a reviewer approves them.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction

from marketplace.members.models import Qualification
from marketplace.members.views.center.base import InstitutionCentreMixin
from marketplace.members.workflows import submit_for_review
from portal.text_limits import LengthLimitsMixin

SAVE_DRAFT = "save_draft"
SUBMIT = "submit"


class QualificationForm(LengthLimitsMixin, forms.ModelForm):
    """The kind's fields; on submission, the kind's required fields must be filled in."""

    class Meta:
        model = Qualification
        fields = sorted(set(Qualification.ORGANISATION_FIELDS + Qualification.EXPERT_FIELDS))
        widgets = {
            "service_scope": forms.Textarea(attrs={"rows": 4}),
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "resume": forms.Textarea(attrs={"rows": 6}),
            "licence": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            "certificates": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        kind_fields = self.instance.form_fields
        for name in list(self.fields):
            if name not in kind_fields:
                del self.fields[name]
        self.order_fields(kind_fields)
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")
        if "id_number" in self.fields and self.instance.id_number:
            # Never sent back to the browser in full; leaving it blank keeps the stored number.
            self.fields["id_number"].widget = forms.TextInput(
                attrs={"placeholder": self.instance.masked_id_number, "autocomplete": "off"}
            )
            self.fields["id_number"].help_text = _("已填写（%(masked)s）；如需更改请重新输入。") % {
                "masked": self.instance.masked_id_number
            }
            self.initial["id_number"] = ""

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip().upper()
        return value or self.instance.id_number

    def clean(self):
        cleaned_data = super().clean()
        if self.submitting:
            for name in self.instance.required_fields:
                if name in self.errors:
                    continue
                if not cleaned_data.get(name) and not getattr(self.instance, name, None):
                    # The field's own 「请填写机构全称。」 (portal.form_messages).
                    self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned_data


class QualificationView(InstitutionCentreMixin, TemplateView):
    template_name = "marketplace/center/qualification.html"
    center_section = "qualification"

    def get_qualification(self):
        """The latest version (the member's own draft), or a new unsaved one."""
        stored = Qualification.objects.filter(institution=self.member).first()
        if stored is None:
            return None, Qualification(institution=self.member)
        return stored, stored.get_latest_revision_as_object()

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        stored, qualification = self.get_qualification()
        editable = stored is None or stored.is_editable_by_member
        context.update(
            stored=stored,
            qualification=qualification,
            status=stored.review_status if stored else "",
            status_label=(stored.get_review_status_display() if stored else _("未填写")),
            rejection_comment=stored.rejection_comment if stored else "",
            required_fields=qualification.required_fields,
            editable=editable,
            form=(form or QualificationForm(instance=qualification)) if editable else None,
            detail_rows=None if editable else self.detail_rows(qualification),
        )
        return context

    def detail_rows(self, qualification):
        from marketplace.members.admin.qualifications import qualification_detail_rows

        return qualification_detail_rows(qualification)

    def post(self, request, *args, **kwargs):
        action = SUBMIT if SUBMIT in request.POST else SAVE_DRAFT
        stored, qualification = self.get_qualification()
        if stored is not None and not stored.is_editable_by_member:
            messages.error(request, _("资质信息正在审核中，审核完成前不能修改。"))
            return redirect("members:center_qualification")
        form = QualificationForm(
            request.POST, request.FILES, instance=qualification, submitting=action == SUBMIT
        )
        if not form.is_valid():
            messages.error(request, _("资质信息未保存，请根据提示修改后重新提交。"))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            self.save(form, stored, submit=action == SUBMIT)
        except PermissionDenied:
            messages.error(request, _("资质信息正在审核中，审核完成前不能修改。"))
            return redirect("members:center_qualification")
        if action == SUBMIT:
            messages.success(request, _("资质信息已提交，请等待所属窗口平台审核。"))
        else:
            messages.success(request, _("草稿已保存。"))
        return redirect(reverse("members:center_qualification"))

    @transaction.atomic
    def save(self, form, stored, *, submit):
        user = self.request.user
        instance = form.save(commit=False)
        # An approved qualification's row is the public version and stays untouched until the
        # next approval, so uploads must reach storage here: a revision records only file names.
        for name in ("licence", "certificates"):
            file = getattr(instance, name, None)
            if file and not file._committed:
                file.save(file.name, file.file, save=False)
        if stored is None:
            instance = CreateAction(instance, user=user).execute(skip_permission_checks=True)
        else:
            # Lock the row: two submissions in two tabs must not start two reviews.
            stored = Qualification.objects.select_for_update().get(pk=stored.pk)
            if not stored.is_editable_by_member:
                raise PermissionDenied
            instance = EditAction(instance, user=user).execute(skip_permission_checks=True)
        if submit:
            submit_for_review(Qualification.objects.get(pk=instance.pk), user)
        else:
            Qualification.objects.get(pk=instance.pk).refresh_review_status()
        return instance
