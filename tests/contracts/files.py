"""Small upload files for the contract tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.portal.bad_files import pdf_bytes


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def png(name="scan.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf(name="invoice.pdf"):
    """A real (one blank page) PDF: uploads are parsed, so a stand-in no longer passes."""
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def fake_pdf(name="scan.pdf"):
    """A PNG renamed .pdf: the content does not match the name."""
    return SimpleUploadedFile(name, png_bytes(), content_type="application/pdf")
