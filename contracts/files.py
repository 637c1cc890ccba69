"""Contract files: the private storage, unguessable names, and the upload checks (R3.6).

Signed scans, supplementary contracts and invoices are PDF, JPEG or PNG, recognised by their
first bytes (the same sniffing as qualification scans), at most 20 MB.
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from marketplace.models.qualifications import (
    SCAN_CONTENT_TYPES,
    SCAN_EXTENSIONS,
    private_storage,
    sniff_scan_type,
)

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024

__all__ = [
    "DOCUMENT_MAX_BYTES",
    "SCAN_CONTENT_TYPES",
    "SCAN_EXTENSIONS",
    "contract_pdf_upload_to",
    "document_upload_to",
    "private_storage",
    "validate_contract_document",
]


def validate_contract_document(file):
    """PDF, JPG or PNG, at most 20 MB, content matching its name."""
    if getattr(file, "_committed", False):
        return
    if file.size is None or file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("文件过大（%(size)s），请上传不超过 20 MB 的文件。")
            % {"size": filesizeformat(file.size or 0)},
            code="file_too_large",
        )
    if file.size == 0:
        raise ValidationError(_("文件为空，请重新选择。"), code="empty")
    expected = SCAN_EXTENSIONS.get(PurePath(file.name or "").suffix.lower())
    if expected is None:
        raise ValidationError(_("只能上传 PDF、JPG 或 PNG 格式的文件。"), code="invalid_extension")
    if sniff_scan_type(file) != expected:
        raise ValidationError(
            _("文件内容与格式不符：请上传真实的 PDF、JPG 或 PNG 文件。"), code="invalid_content"
        )


def document_upload_to(instance, filename):
    extension = PurePath(filename).suffix.lower()
    return f"contracts/{instance.contract_id}/{uuid.uuid4().hex}{extension}"


def contract_pdf_upload_to(instance, filename):
    return f"contracts/{instance.pk}/{instance.number}-{uuid.uuid4().hex[:12]}.pdf"
