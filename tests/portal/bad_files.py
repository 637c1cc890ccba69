"""Good and bad uploads, made in the test: images, polyglots, bombs and PDFs with active content.

Every upload test of the portal (the validator's own and one per upload form) takes its files from
here, so each form is tried with the same bad inputs.
"""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


def upload(name, content):
    """An upload as the browser sends it (the content type the name suggests: never trusted)."""
    suffix = name[name.rfind(".") :].lower()
    return SimpleUploadedFile(name, content, CONTENT_TYPES.get(suffix, "application/octet-stream"))


# Images ---------------------------------------------------------------------------------------


def image_bytes(image_format="PNG", size=(120, 80), mode="RGB", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, "#0a4b9c" if mode == "RGB" else 1).save(
        buffer, format=image_format, **options
    )
    return buffer.getvalue()


def png_bytes(size=(120, 80)):
    return image_bytes("PNG", size)


def jpeg_bytes(size=(120, 80)):
    return image_bytes("JPEG", size)


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width=20000, height=20000):
    """A 20000×20000 PNG in a few dozen bytes: 1-bit pixels, one tiny compressed IDAT."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def png_pdf_polyglot():
    """A valid PNG with a whole PDF after IEND: an image to Pillow, a document to a PDF reader."""
    return png_bytes() + pdf_bytes()


def jpeg_with_trailing_data():
    return jpeg_bytes() + b"PK\x03\x04" + b"hidden archive" * 20


# PDFs ------------------------------------------------------------------------------------------


def build_pdf(objects, compressed=None, root=1, unlisted=None):
    """A PDF of `objects` ({number: body}), those of `compressed` packed into one FlateDecode
    object stream, with a cross-reference stream (the only table that can list packed objects).
    `unlisted` objects are written but marked free in the table."""
    compressed = compressed or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    for number, body in sorted((unlisted or {}).items()):
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    numbers = sorted(objects) + sorted(compressed) + sorted(unlisted or {})
    next_number = max(numbers) + 1
    packed_index = {}
    if compressed:
        stream_number, next_number = next_number, next_number + 1
        header, bodies = [], b""
        for index, (number, body) in enumerate(sorted(compressed.items())):
            header.append(b"%d %d" % (number, len(bodies)))
            bodies += body + b"\n"
            packed_index[number] = (stream_number, index)
        header = b" ".join(header) + b"\n"
        data = zlib.compress(header + bodies)
        offsets[stream_number] = len(out)
        out += (
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\n"
            % (stream_number, len(compressed), len(header), len(data), data)
        )
    xref_number = next_number
    offsets[xref_number] = len(out)
    rows = b""
    for number in range(xref_number + 1):
        if number in offsets:
            rows += struct.pack(">BIH", 1, offsets[number], 0)
        elif number in packed_index:
            rows += struct.pack(">BIH", 2, *packed_index[number])
        else:
            rows += struct.pack(">BIH", 0, 0, 65535)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\n"
        b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
        % (xref_number, xref_number + 1, root, len(rows), rows, offsets[xref_number])
    )
    return bytes(out)


PAGES = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
}


def pdf_bytes():
    """A clean one-page PDF."""
    return build_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGES})


def pdf_with_javascript_in_object_stream():
    """/JavaScript in the document's name tree, inside a compressed object stream: invisible to
    anyone grepping the file's bytes."""
    return build_pdf(
        {1: b"<< /Type /Catalog /Pages 2 0 R /Names 4 0 R >>", **PAGES},
        compressed={
            4: b"<< /JavaScript << /Names [(run) 5 0 R] >> >>",
            5: b"<< /S /JavaScript /JS (app.alert\\('hello'\\);) >>",
        },
    )


def pdf_with_open_action():
    """An action run as soon as the file is opened (here: opening a web address)."""
    return build_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            **PAGES,
            4: b"<< /S /URI /URI (http://example.invalid/) >>",
        }
    )


def encrypted_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")  # RC4 needs no extra package
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# What every upload form is tried with -----------------------------------------------------------

# (name, content, a fragment of the Chinese refusal)
BAD_IMAGES = [
    ("bomb.png", bomb_png(), "图片尺寸 20000×20000 像素超过上限 4000 万像素"),
    ("polyglot.png", png_pdf_polyglot(), "在图片结束之后还附带了"),
    ("trailing.jpg", jpeg_with_trailing_data(), "在图片结束之后还附带了"),
]
BAD_PDFS = [
    ("script.pdf", pdf_with_javascript_in_object_stream(), "含有JavaScript 脚本（/JavaScript）"),
    ("open.pdf", pdf_with_open_action(), "含有打开文件时自动执行的动作（/OpenAction）"),
]
GOOD_IMAGES = [("good.png", png_bytes()), ("good.jpg", jpeg_bytes())]
GOOD_PDF = ("good.pdf", pdf_bytes())


def stored_files():
    """Every file in the public and the private storage (to show an upload left nothing)."""
    import os

    from django.conf import settings

    found = set()
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for folder, _dirs, files in os.walk(root):
            found.update(os.path.join(folder, name) for name in files)
    return found


def bad_uploads_for(accepts_images=True, accepts_pdf=True):
    """What every upload form is tried with, and the refusal each must give that form: a form
    that does not take a type refuses it by its type, before looking inside."""
    cases = []
    for name, content, message in BAD_IMAGES:
        extension = "JPG" if name.endswith(".jpg") else "PNG"
        cases.append((name, content, message if accepts_images else f"格式（{extension}）不支持"))
    for name, content, message in BAD_PDFS:
        cases.append((name, content, message if accepts_pdf else "格式（PDF）不支持"))
    return cases
