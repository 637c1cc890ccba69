"""下载PDF预览: the 预览稿 of a sent contract, for the two parties and platform staff.

Everyone else gets the same 404 as for a contract that does not exist. Once the contract is
confirmed the link leads to the stored, confirmed PDF (never a fresh render); before it is sent
there is nothing to preview.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from contracts.models import Contract
from contracts.permissions import user_may_read_contract
from contracts.preview import PreviewRateLimited, preview_pdf

S = Contract.Status


def _pdf_attachment(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, " + response["Cache-Control"]
    return response


def _too_many(retry_after):
    response = HttpResponse(
        _("PDF 预览生成过于频繁，请稍后再试。"),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    return response


# GET only: a HEAD must not cost a render.
@require_GET
def contract_pdf_preview(request, pk):
    contract = Contract.objects.with_parties().filter(pk=pk).first()
    if contract is None or not user_may_read_contract(request.user, contract):
        raise Http404
    if contract.status in (S.CONFIRMED, S.SUBMITTED):
        return redirect(contract.get_pdf_url())
    if contract.status != S.SENT:
        # Staff cannot open the member-centre page, so only the parties are sent back to it.
        if contract.is_enterprise_user(request.user) or contract.is_institution_user(request.user):
            messages.info(request, _("合同发送给企业后才能下载PDF预览。"))
            return redirect(contract.get_absolute_url())
        raise Http404
    try:
        content = preview_pdf(request, contract)
    except PreviewRateLimited as refused:
        return _too_many(refused.retry_after)
    return _pdf_attachment(content, _("%(number)s-预览稿.pdf") % {"number": contract.number})
