"""Contract files: the private storage, unguessable names, and the upload check (R3.6).

Signed scans, supplementary contracts and invoices are PDF, JPEG or PNG, at most 20 MB, checked
by the portal's one upload check (portal/uploads.py), as qualification scans are.
"""

import uuid
from pathlib import PurePath

from marketplace.members.models.qualifications import (
    SCAN_CONTENT_TYPES,
    SCAN_EXTENSIONS,
    private_storage,
)
from portal.uploads import SCAN_KINDS, UploadValidator

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

validate_contract_document = UploadValidator(kinds=SCAN_KINDS, max_bytes=DOCUMENT_MAX_BYTES)


def document_upload_to(instance, filename):
    extension = PurePath(filename).suffix.lower()
    return f"contracts/{instance.contract_id}/{uuid.uuid4().hex}{extension}"


def contract_pdf_upload_to(instance, filename):
    return f"contracts/{instance.pk}/{instance.number}-{uuid.uuid4().hex[:12]}.pdf"
