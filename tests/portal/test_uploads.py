"""The portal's one upload check (portal/uploads.py): what it accepts and every way it refuses."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from PIL import Image

from portal.uploads import (
    DOCUMENT_KINDS,
    IMAGE_KINDS,
    SCAN_KINDS,
    OversizedUpload,
    UploadSizeLimitHandler,
    UploadValidator,
    validate_upload,
)
from tests.portal.bad_files import (
    BAD_IMAGES,
    BAD_PDFS,
    PAGES,
    _png_chunk,
    bomb_png,
    build_pdf,
    encrypted_pdf,
    image_bytes,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)


def refusal(name, content, kinds=IMAGE_KINDS, **options):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), kinds=kinds, **options)
    return " ".join(caught.value.messages)


# Accepted -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", png_bytes()),
        ("photo.jpg", jpeg_bytes()),
        ("photo.jpeg", image_bytes("JPEG", progressive=True)),
        ("photo.gif", image_bytes("GIF")),
        ("photo.webp", image_bytes("WEBP")),
        ("photo.webp", image_bytes("WEBP", lossless=True)),
        ("scan.png", image_bytes("PNG", (800, 600), mode="1")),
    ],
)
def test_real_images_pass_with_their_dimensions(name, content):
    checked = validate_upload(upload(name, content), kinds=IMAGE_KINDS)
    with Image.open(io.BytesIO(content)) as image:
        assert (checked.width, checked.height) == image.size


def test_animated_images_count_every_frame():
    frames = [Image.new("RGB", (40, 30), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    assert validate_upload(upload("a.gif", buffer.getvalue())).frames == 3
    # 3 frames of 4000×4000 are 48 million pixels: over the limit although one frame is not.
    big = [Image.new("1", (4000, 4000), value) for value in (0, 1, 0)]
    buffer = io.BytesIO()
    big[0].save(buffer, format="PNG", save_all=True, append_images=big[1:])
    assert "4000×4000 像素、3 帧的动图" in refusal("a.png", buffer.getvalue())


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(),
        image_bytes("PDF"),  # Pillow's writer: what the demo scans are
        pdf_bytes() + b"\r\n\x00 \n",  # whitespace after %%EOF is allowed
        # An /OpenAction that is a destination (open at page 1), not an action.
        build_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>", **PAGES}),
    ],
)
def test_clean_pdfs_pass(content):
    assert validate_upload(upload("scan.pdf", content), kinds=SCAN_KINDS).kind == "pdf"


def _zip(entries, first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(*first)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = _zip(
    {"content.xml": "<office/>"}, first=("mimetype", "application/vnd.oasis.opendocument.text")
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guide.docx", DOCX),
        ("guide.odt", ODT),
        ("guide.doc", OLE),
        ("guide.zip", DOCX),
        ("notes.txt", "申报须知\n".encode()),
        ("notes.txt", "申报须知\n".encode("gb18030")),
    ],
)
def test_documents_pass(name, content):
    assert validate_upload(upload(name, content), kinds=DOCUMENT_KINDS)


# Refused: size, type, content -----------------------------------------------------------------


class CountingFile(SimpleUploadedFile):
    """Records how many bytes were read: an oversized file must be refused unread."""

    bytes_read = 0

    def read(self, *args):
        data = super().read(*args)
        CountingFile.bytes_read += len(data)
        return data


def test_size_is_checked_before_a_byte_is_read():
    CountingFile.bytes_read = 0
    big = CountingFile("big.pdf", b"%PDF-" + b"0" * (3 * 1024 * 1024 - 5))
    with pytest.raises(ValidationError, match="文件过大（3 MB），每个文件不超过 2 MB"):
        validate_upload(big, kinds=SCAN_KINDS, max_bytes=2 * 1024 * 1024)
    assert CountingFile.bytes_read == 0


@pytest.mark.parametrize(
    ("name", "content", "kinds", "message"),
    [
        ("empty.png", b"", IMAGE_KINDS, "“empty.png”是空文件"),
        (
            "tool.exe",
            b"MZ\x90\x00",
            SCAN_KINDS,
            "“tool.exe”的格式（EXE）不支持，只能上传 PDF、JPG 或 PNG",
        ),
        ("noext", png_bytes(), IMAGE_KINDS, "格式（无扩展名）不支持"),
        ("scan.pdf", png_bytes(), SCAN_KINDS, "文件内容与格式不符：内容是 PNG，扩展名却是 .pdf"),
        ("logo.jpg", png_bytes(), IMAGE_KINDS, "内容是 PNG，扩展名却是 .jpg"),
        ("logo.png", b"<svg onload=alert(1)>", IMAGE_KINDS, "不是有效的图片文件"),
        ("scan.png", b"GIF89a" + b"\x00" * 20, SCAN_KINDS, "内容是 GIF"),
        ("cut.png", png_bytes()[:60], IMAGE_KINDS, "文件不完整或已损坏"),
        ("cut.jpg", image_bytes("JPEG", (1200, 900))[:2000], IMAGE_KINDS, "文件不完整或已损坏"),
        ("fake.txt", png_bytes(), DOCUMENT_KINDS, "内容是 PNG，扩展名却是 .txt"),
        ("bin.txt", b"abc\x00def", DOCUMENT_KINDS, "不是纯文本文件"),
        ("sheet.xlsx", DOCX, DOCUMENT_KINDS, "不是有效的 Excel 文件"),
    ],
)
def test_wrong_types_are_refused(name, content, kinds, message):
    assert message in refusal(name, content, kinds)


# Refused: images ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), BAD_IMAGES)
def test_bad_images(name, content, message):
    text = refusal(name, content)
    assert message in text and f"“{name}”" in text


def test_bomb_is_refused_before_pillow_opens_it(monkeypatch):
    def explode(*args, **kwargs):
        raise AssertionError("Pillow was asked to open a bomb")

    monkeypatch.setattr("PIL.Image.open", explode)
    assert "20000×20000 像素超过上限 4000 万像素，请缩小后重新上传" in refusal("b.png", bomb_png())


def test_bomb_made_by_pillow_mode_1():
    """A real 20000×20000 1-bit PNG (a few hundred kilobytes) is refused the same way."""
    Image.MAX_IMAGE_PIXELS, saved = None, Image.MAX_IMAGE_PIXELS
    try:
        content = image_bytes("PNG", (20000, 20000), mode="1")
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    assert "20000×20000 像素超过上限" in refusal("real-bomb.png", content)


def _gif_with_trailer_data():
    return image_bytes("GIF") + b"%PDF-1.4 appended"


def _webp_beyond_riff():
    return image_bytes("WEBP") + b"PK\x03\x04zip"


def _png_with_pdf_in_text_chunk():
    data = png_bytes()
    chunk = _png_chunk(b"tEXt", b"Comment\x00" + pdf_bytes())
    return data[:33] + chunk + data[33:]  # after IHDR


def _jpeg_with_pdf_in_comment():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="JPEG", comment=b"%PDF-1.4 hidden document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.gif", _gif_with_trailer_data(), "在图片结束之后还附带了 17 字节"),
        ("a.webp", _webp_beyond_riff(), "在图片结束之后还附带了 7 字节"),
        ("a.png", _png_with_pdf_in_text_chunk(), "图片信息中夹带了其他文件"),
        ("a.jpg", _jpeg_with_pdf_in_comment(), "图片信息中夹带了其他文件"),
        ("a.png", png_bytes() + b"\x00", "在图片结束之后还附带了 1 字节"),
    ],
)
def test_polyglots_and_hidden_files(name, content, message):
    assert message in refusal(name, content)


def test_forged_png_checksum_is_refused():
    data = bytearray(png_bytes())
    data[29] ^= 0xFF  # IHDR's CRC
    assert "文件不完整或已损坏" in refusal("forged.png", bytes(data))


# Refused: PDFs --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), BAD_PDFS)
def test_bad_pdfs(name, content, message):
    assert message in refusal(name, content, SCAN_KINDS)


def test_javascript_in_an_object_stream_is_invisible_in_the_raw_bytes():
    content = BAD_PDFS[0][1]
    assert b"JavaScript" not in content  # only pypdf's decompression finds it
    assert "JavaScript" in refusal("s.pdf", content, SCAN_KINDS)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R %s >>"


@pytest.mark.parametrize(
    ("extra", "objects", "key"),
    [
        (b"/AA << /O 4 0 R >>", {4: b"<< /S /URI /URI (http://x.invalid) >>"}, "/AA"),
        (b"/Outlines 4 0 R", {4: b"<< /A << /S /Launch /F (calc.exe) >> >>"}, "/Launch"),
        (b"/Names << /EmbeddedFiles 4 0 R >>", {4: b"<< /Names [] >>"}, "/EmbeddedFiles"),
        (b"/AcroForm << /Fields [] /XFA 4 0 R >>", {4: b"<< >>"}, "/XFA"),
        (b"/Outlines 4 0 R", {4: b"<< /A << /S /SubmitForm /F (x) >> >>"}, "/SubmitForm"),
        (b"/Outlines 4 0 R", {4: b"<< /A << /S /ImportData /F (x) >> >>"}, "/ImportData"),
        (b"/Outlines 4 0 R", {4: b"<< /Subtype /RichMedia >>"}, "/RichMedia"),
        (b"/Outlines 4 0 R", {4: b"<< /S /J#61vaScript /J#53 (x) >>"}, "/JavaScript"),
    ],
)
def test_every_kind_of_active_content(extra, objects, key):
    content = build_pdf({1: CATALOG % extra, **PAGES, **objects})
    assert f"（{key}）" in refusal("a.pdf", content, SCAN_KINDS)


def test_objects_missing_from_the_cross_reference_table_are_checked_too():
    """A viewer repairing the file would find object 9; the table marks it free."""
    content = build_pdf(
        {1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGES},
        unlisted={9: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"},
    )
    assert "JavaScript" in refusal("h.pdf", content, SCAN_KINDS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (encrypted_pdf(), "是加密的 PDF，无法检查其内容"),
        (b"%!PS junk\n" + pdf_bytes(), "在 PDF 文件头（%PDF-）之前还有其他数据"),
        (pdf_bytes() + png_bytes(), "在 PDF 结束标记（%%EOF）之后还附带了"),
        (pdf_bytes()[:-6], "不是有效的 PDF 文件或已损坏"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "不是有效的 PDF 文件或已损坏"),
    ],
)
def test_unreadable_or_disguised_pdfs(content, message):
    assert message in refusal("x.pdf", content, SCAN_KINDS)


# Refused: macros ------------------------------------------------------------------------------


def test_office_macros_are_refused():
    docm = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<w:document/>",
            "word/vbaProject.bin": "VBA",
        }
    )
    assert "含有宏" in refusal("m.docx", docm, DOCUMENT_KINDS)
    ole = OLE + "_VBA_PROJECT".encode("utf-16-le")
    assert "含有宏" in refusal("m.doc", ole, DOCUMENT_KINDS)


# The model-field form and re-use --------------------------------------------------------------


def test_model_fields_carry_the_validator():
    from contracts.models import ContractDocument
    from marketplace.members.models import Qualification

    for model, name in (
        (Qualification, "licence"),
        (Qualification, "certificates"),
        (ContractDocument, "file"),
    ):
        validators = model._meta.get_field(name).validators
        assert any(isinstance(v, UploadValidator) and v.kinds == SCAN_KINDS for v in validators)


def test_one_upload_is_checked_once(monkeypatch):
    calls = []
    import portal.uploads

    original = portal.uploads._check_pdf
    monkeypatch.setattr(portal.uploads, "_check_pdf", lambda *a: calls.append(1) or original(*a))
    file = upload("a.pdf", pdf_bytes())
    validate_upload(file, kinds=SCAN_KINDS)
    UploadValidator(kinds=SCAN_KINDS)(file)
    assert calls == [1]
    validate_upload(file, kinds=SCAN_KINDS, max_bytes=1024 * 1024)  # another check: runs
    assert calls == [1, 1]


# Receiving: a huge upload is never kept whole ---------------------------------------------------


def _multipart(name, content):
    boundary = "BoUnDaRy"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = RequestFactory().post(
        "/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    return request


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=100_000, WAGTAILDOCS_MAX_UPLOAD_SIZE=200_000)
def test_the_upload_handler_keeps_only_the_size_of_an_oversized_file():
    content = b"%PDF-" + b"0" * (3 * 1024 * 1024 - 5)
    request = _multipart("huge.pdf", content)  # through settings.FILE_UPLOAD_HANDLERS
    assert isinstance(request.upload_handlers[0], UploadSizeLimitHandler)
    received = request.FILES["file"]
    assert isinstance(received, OversizedUpload)
    assert received.size == len(content) and received.read() == b""
    assert "“huge.pdf”文件过大（3 MB）" in " ".join(
        pytest.raises(ValidationError, validate_upload, received, kinds=SCAN_KINDS).value.messages
    )


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=100_000, WAGTAILDOCS_MAX_UPLOAD_SIZE=200_000)
def test_the_upload_handler_passes_files_within_the_limit():
    request = _multipart("small.pdf", pdf_bytes())
    assert request.FILES["file"].read() == pdf_bytes()


def test_settings_install_the_handler_and_the_wagtail_forms():
    from django.conf import settings

    assert settings.FILE_UPLOAD_HANDLERS[0] == "portal.uploads.UploadSizeLimitHandler"
    assert settings.WAGTAILIMAGES_IMAGE_FORM_BASE == "portal.upload_forms.PortalImageForm"
    assert settings.WAGTAILDOCS_DOCUMENT_FORM_BASE == "portal.upload_forms.PortalDocumentForm"


def test_committed_files_are_not_reread():
    class Stored:
        _committed = True
        name = "old.png"
        size = 10

    assert validate_upload(Stored()) is None


def test_the_bomb_is_small_but_claims_20000_by_20000():
    assert len(bomb_png()) < 100
    assert struct.unpack(">II", bomb_png()[16:24]) == (20000, 20000)
