"""Private downloads: the confirmed contract PDF and the uploaded documents.

Streamed only to the two parties and platform staff; everyone else (anonymous users included)
gets the same 404 as for a file that does not exist. The PDF is always the file stored after
confirmation: it is never rendered here, and its SHA-256 goes out in a header. While it is
still being made, a party is sent back to the contract page, which says so.
"""

from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from contracts.files import SCAN_CONTENT_TYPES, SCAN_EXTENSIONS
from contracts.models import Contract, ContractDocument
from contracts.permissions import user_may_read_contract


def stream_private_file(file, filename, content_type):
    """A stored private file as a download that no cache keeps; a missing file is a 404."""
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, " + response["Cache-Control"]
    return response


@require_safe
def contract_pdf(request, pk):
    contract = Contract.objects.with_parties().filter(pk=pk).first()
    if contract is None or not user_may_read_contract(request.user, contract):
        raise Http404
    if not contract.pdf and contract.is_party(request.user):
        if contract.pdf_state == Contract.PdfState.PENDING:
            messages.info(request, _("合同 PDF 生成中，生成后即可在本页下载。"))
            return redirect(contract.get_absolute_url())
        if contract.pdf_state == Contract.PdfState.FAILED:
            messages.error(request, _("合同 PDF 暂未生成，请点击“重新生成”。"))
            return redirect(contract.get_absolute_url())
    return contract_pdf_response(contract)


def contract_pdf_response(contract):
    """The PDF stored at confirmation (404 before), its SHA-256 in a header."""
    if not contract.pdf:
        raise Http404
    response = stream_private_file(contract.pdf, f"{contract.number}.pdf", "application/pdf")
    response["X-Content-SHA256"] = contract.pdf_sha256
    return response


@require_safe
def contract_document(request, pk):
    document = (
        ContractDocument.objects.select_related(
            "contract__order__enterprise",
            "contract__order__institution",
        )
        .filter(pk=pk)
        .first()
    )
    if document is None or not user_may_read_contract(request.user, document.contract):
        raise Http404
    return document_response(document)


def document_response(document):
    """An uploaded document under a name of its contract, kind and id (never the uploader's)."""
    extension = PurePath(document.file.name).suffix.lower()
    if extension not in SCAN_EXTENSIONS:
        raise Http404
    filename = f"{document.contract.number}-{document.get_kind_display()}-{document.pk}{extension}"
    return stream_private_file(
        document.file, filename, SCAN_CONTENT_TYPES[SCAN_EXTENSIONS[extension]]
    )
