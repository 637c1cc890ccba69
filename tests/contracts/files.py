"""Small upload files for the contract tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def png(name="scan.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf(name="invoice.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def fake_pdf(name="scan.pdf"):
    """A PNG renamed .pdf: the content does not match the name."""
    return SimpleUploadedFile(name, png_bytes(), content_type="application/pdf")
