"""The contract pages of the member centre (R3.3–R3.7).

Institution: 制作合同, fill in the content (保存草稿 / 发送给企业), upload the signed scan and other
files, 提交合同. Enterprise: read the 标准合同, 确认合同 or 退回修改, download the PDF (made in the
background after 确认合同: the page shows 生成中 and polls `ContractPdfStatusView` until it is
stored; both parties may ask to 重新生成 one that failed). A contract of which the user is not
a party is a 404. Every change goes through one `Contract` method;
its refusal is shown as a message and changes nothing.
"""

from django.apps import apps
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from contracts.exceptions import ContractTransitionNotAllowed
from contracts.forms import ContractForm, DocumentUploadForm, ReturnForm
from contracts.models import Contract
from contracts.rendering import render_standard_contract
from marketplace.members.views.center.base import InstitutionCentreMixin, MemberCentreMixin


def _wants_json(request):
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


class ContractCentreMixin(MemberCentreMixin):
    center_section = "contracts"

    def get_contract(self):
        queryset = Contract.objects.with_parties().for_member(self.request.user)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])


class ContractListView(ContractCentreMixin, ListView):
    template_name = "contracts/contract_list.html"
    context_object_name = "contracts"
    paginate_by = 20

    def get_queryset(self):
        queryset = Contract.objects.with_parties().for_member(self.request.user)
        status = self.request.GET.get("status", "")
        if status in Contract.Status.values:
            queryset = queryset.filter(status=status)
        return queryset.order_by("-updated_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status_choices=Contract.Status.choices,
            current_status=self.request.GET.get("status", ""),
            **kwargs,
        )


class MakeContractView(InstitutionCentreMixin, TemplateView):
    """制作合同: GET asks for confirmation, POST makes it (or finds it) and opens the form."""

    template_name = "contracts/contract_make.html"
    center_section = "contracts"

    def get_order(self):
        Order = apps.get_model("trade", "Order")
        pk = self.kwargs.get("order_pk") or self.request.POST.get("order", "")
        if not str(pk).isdigit():
            raise Http404
        return get_object_or_404(
            Order.objects.select_related("enterprise", "institution"),
            pk=int(pk),
            institution__user=self.request.user,
        )

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        existing = Contract.objects.filter(order=order).first()
        if existing is not None:
            return redirect(_next_page_for(existing))
        return self.render_to_response(self.get_context_data(order=order))

    def post(self, request, *args, **kwargs):
        order = self.get_order()
        try:
            contract = Contract.make_for(order, request.user)
        except ContractTransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(_order_url(order))
        return redirect(_next_page_for(contract))


def _order_url(order):
    try:
        return order.get_institution_url()
    except NoReverseMatch:
        return "contracts:list"


def _next_page_for(contract):
    if contract.is_editable:
        return contract.get_edit_url()
    return contract.get_absolute_url()


class ContractEditView(InstitutionCentreMixin, TemplateView):
    """The institution fills in the content: 保存草稿 or 发送给企业."""

    template_name = "contracts/contract_form.html"
    center_section = "contracts"

    def get_contract(self):
        queryset = Contract.objects.with_parties().filter(
            order__institution__user=self.request.user
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        contract = self.get_contract()
        if not contract.is_editable:
            messages.info(request, _("合同已发送或已确认，不能再修改。"))
            return redirect(contract.get_absolute_url())
        form = ContractForm(instance=contract)
        return self.render_to_response(self.get_context_data(contract=contract, form=form))

    def post(self, request, *args, **kwargs):
        contract = self.get_contract()
        if not contract.is_editable:
            messages.error(request, _("合同已发送或已确认，不能再修改。"))
            return redirect(contract.get_absolute_url())
        sending = request.POST.get("action") == "send"
        form = ContractForm(
            request.POST, instance=Contract.objects.get(pk=contract.pk), sending=sending
        )
        if not form.is_valid():
            messages.error(request, _("请检查表单中标出的错误。"))
            return self.render_to_response(
                self.get_context_data(contract=contract, form=form), status=400
            )
        try:
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            contract.save_draft(request.user, values)
            if sending:
                contract.send(request.user)
        except ContractTransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(contract.get_absolute_url())
        if sending:
            messages.success(request, _("合同已发送给企业确认。"))
            return redirect(contract.get_absolute_url())
        messages.success(request, _("合同草稿已保存。"))
        return redirect(contract.get_edit_url())


class ContractDetailView(ContractCentreMixin, TemplateView):
    """Both parties: the 标准合同 as HTML, the status, and what the user may do now."""

    template_name = "contracts/contract_detail.html"

    def get_context_data(self, **kwargs):
        contract = self.get_contract()
        user = self.request.user
        is_institution = contract.is_institution_user(user)
        is_enterprise = contract.is_enterprise_user(user)
        actions = contract.allowed_actions(user)
        return super().get_context_data(
            contract=contract,
            body=render_standard_contract(contract),
            documents=contract.documents.select_related("uploaded_by"),
            is_institution=is_institution,
            is_enterprise=is_enterprise,
            can_edit="edit" in actions,
            can_decide="confirm" in actions,
            can_upload="upload" in actions,
            has_signed_scan=contract.signed_scans.exists(),
            upload_form=kwargs.pop("upload_form", None) or DocumentUploadForm(),
            return_form=kwargs.pop("return_form", None) or ReturnForm(),
            **kwargs,
        )


class ContractPdfStatusView(ContractCentreMixin, TemplateView):
    """The PDF part of the contract page alone: what its script polls while the PDF is made."""

    template_name = "contracts/_contract_pdf.html"

    def get(self, request, *args, **kwargs):
        response = self.render_to_response({"contract": self.get_contract()})
        add_never_cache_headers(response)
        return response


class ContractActionView(ContractCentreMixin, View):
    """POST-only actions on one contract; each maps to one Contract method."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        contract = self.get_contract()
        handler = getattr(self, f"do_{self.action}")
        try:
            response = handler(request, contract)
        except ContractTransitionNotAllowed as error:
            if _wants_json(request):
                return JsonResponse({"ok": False, "errors": [str(error)]}, status=409)
            messages.error(request, str(error))
            return redirect(contract.get_absolute_url())
        return response or redirect(contract.get_absolute_url())

    def do_confirm(self, request, contract):
        contract.confirm(request.user)
        contract.refresh_from_db(fields=["pdf"])  # stored already if the task ran at commit
        if contract.pdf:
            messages.success(request, _("合同已确认，可以下载合同 PDF。"))
        else:
            messages.success(request, _("合同已确认，合同 PDF 生成后即可在本页下载。"))

    def do_regenerate_pdf(self, request, contract):
        contract.regenerate_pdf(request.user)
        messages.success(request, _("已重新开始生成合同 PDF，请稍候。"))

    def do_return(self, request, contract):
        form = ReturnForm(request.POST)
        if not form.is_valid():
            if not contract.is_enterprise_user(request.user):
                raise ContractTransitionNotAllowed(_("只有该订单的企业可以进行此操作。"))
            for error in form.errors["comment"]:  # missing, or too long (named with the limit)
                messages.error(request, error)
            return None
        contract.return_for_changes(request.user, form.cleaned_data["comment"])
        messages.success(request, _("合同已退回服务机构修改。"))

    def do_submit(self, request, contract):
        contract.submit(request.user)
        messages.success(request, _("合同已提交，合同流程完成。"))

    def do_upload(self, request, contract):
        if not contract.is_institution_user(request.user):
            raise ContractTransitionNotAllowed(_("只有该订单的服务机构可以进行此操作。"))
        form = DocumentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            if _wants_json(request):
                fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
                errors = [message for messages_ in fields.values() for message in messages_]
                return JsonResponse({"ok": False, "errors": errors, "fields": fields}, status=400)
            return self.refused_upload(form)
        uploaded = []
        for file in form.cleaned_data["files"]:
            document = contract.add_document(
                request.user, form.cleaned_data["kind"], file, form.cleaned_data["note"]
            )
            uploaded.append(document.original_name)
        message = _("已上传 %(count)d 个文件。") % {"count": len(uploaded)}
        if _wants_json(request):
            messages.success(request, message)
            return JsonResponse(
                {"ok": True, "uploaded": uploaded, "redirect": contract.get_absolute_url()}
            )
        messages.success(request, message)
        return None

    def refused_upload(self, form):
        """The contract page again, the upload form with its errors under its fields (400).

        Banners left from earlier steps (「已上传 1 个文件。」) are consumed unshown: a success
        never stands beside the error of a later upload.
        """
        stale = messages.get_messages(self.request)
        for _message in stale:
            pass
        page = ContractDetailView()
        page.setup(self.request, *self.args, **self.kwargs)
        page.member_kind_of_user, page.member = self.member_kind_of_user, self.member
        context = page.get_context_data(upload_form=form, messages=())
        return page.render_to_response(context, status=400)

    def do_remove_document(self, request, contract):
        document_id = request.POST.get("document", "")
        if not document_id.isdigit():
            raise ContractTransitionNotAllowed(_("文件不存在或已删除。"))
        contract.remove_document(request.user, int(document_id))
        messages.success(request, _("文件已删除。"))
