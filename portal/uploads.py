"""One check for every file the portal accepts: `validate_upload(file, kinds=...)`.

Used by every upload: members' scans (qualifications), contract documents, logos, the image
library, and the Wagtail image and document forms (`portal/upload_forms.py`). Model FileFields
carry it as `UploadValidator` in their `validators`, so a ModelForm or a REST serializer of
that model runs it too.

What it checks, in this order (each refusal is a Chinese sentence naming the file, what is wrong
and what to do):
1. the size, from `file.size`, before a byte is read (and `UploadSizeLimitHandler` keeps no more
   than the largest limit of any one file while the request is received);
2. the extension is one of `kinds`, and the content's magic bytes are that kind — never the
   name alone or the browser's content type;
3. images: the container is walked without decoding (PNG chunks, JPEG segments, GIF blocks,
   WebP RIFF chunks) for the dimensions, the frame count and where the image ends; anything after
   the end (PNG after IEND, JPEG after the last EOI, GIF after the trailer, WebP beyond the RIFF
   size) is a polyglot and refused, as is another file format's signature inside a metadata
   chunk; then the pixel limit (`WAGTAILIMAGES_MAX_IMAGE_PIXELS`, frames included, as Wagtail
   counts); only then Pillow opens the header, verifies, and decodes once;
4. PDFs: `%PDF-` at byte 0 and nothing but whitespace after the last `%%EOF`; encrypted files are
   refused (they cannot be checked); every object — those in compressed object streams too, and
   objects the cross-reference table does not list — is parsed with pypdf and refused if it
   holds active content (JavaScript, automatic actions, launch, embedded files, RichMedia, XFA,
   form submission or import);
5. Office documents and archives (Wagtail documents, uploaded by staff): the container matches
   the extension, and no VBA macros.
"""

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Kinds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what members are told
    extensions: tuple
    content: str  # the container format its magic bytes show (see `detect_format`)
    pillow_formats: tuple = ()

    @property
    def is_image(self):
        return bool(self.pillow_formats)


KINDS = {
    kind.key: kind
    for kind in (
        Kind("jpeg", "JPG", (".jpg", ".jpeg"), "jpeg", ("JPEG", "MPO")),
        Kind("png", "PNG", (".png",), "png", ("PNG",)),
        Kind("gif", "GIF", (".gif",), "gif", ("GIF",)),
        Kind("webp", "WebP", (".webp",), "webp", ("WEBP",)),
        Kind("pdf", "PDF", (".pdf",), "pdf"),
        Kind("doc", "Word", (".doc",), "ole"),
        Kind("xls", "Excel", (".xls",), "ole"),
        Kind("ppt", "PowerPoint", (".ppt",), "ole"),
        Kind("docx", "Word", (".docx",), "zip"),
        Kind("xlsx", "Excel", (".xlsx",), "zip"),
        Kind("pptx", "PowerPoint", (".pptx",), "zip"),
        Kind("odt", "ODT", (".odt",), "zip"),
        Kind("zip", "ZIP", (".zip",), "zip"),
        Kind("txt", "TXT", (".txt",), "text"),
    )
}
IMAGE_KINDS = ("jpeg", "png", "gif", "webp")
SCAN_KINDS = ("pdf", "jpeg", "png")  # licences, certificates, contract scans and invoices
DOCUMENT_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "txt", "zip")

# Magic bytes → container format. Only for recognising content; `FORMAT_LABELS` names it.
SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"PK\x03\x04", "zip"),
    (b"\x7fELF", "elf"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"MZ", "exe"),
)
FORMAT_LABELS = {
    "jpeg": "JPG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "pdf": "PDF",
    "ole": _("Office 97–2003 文档"),
    "zip": _("ZIP 压缩包"),
    "elf": _("可执行程序"),
    "exe": _("可执行程序"),
    "rar": "RAR",
    "7z": "7z",
    "gzip": "GZIP",
    "tiff": "TIFF",
    "bmp": "BMP",
}
# Formats that are never plain text, whatever their first bytes say.
_TWO_BYTE_MAGIC = {"bmp", "exe", "gzip"}


def detect_format(head):
    """The container format of content starting with `head`, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for signature, name in SIGNATURES:
        if head.startswith(signature):
            return name
    return None


# Results and errors ---------------------------------------------------------------------------


@dataclass
class UploadCheck:
    """What a file that passed turned out to be."""

    kind: str
    width: int | None = None
    height: int | None = None
    frames: int = 1


def _error(message, code, **params):
    return ValidationError(message % params, code=code)


def _size_text(size):
    """10 MB, 1.5 MB, 300 KB: how the portal writes sizes."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def formats_text(kinds):
    """「PDF、JPG 或 PNG」: the formats of `kinds` as members are told them."""
    labels = list(dict.fromkeys(KINDS[key].label for key in kinds))
    return labels[0] if len(labels) == 1 else "、".join(labels[:-1]) + " 或 " + labels[-1]


REDO_IMAGE = _("请用图片软件重新另存为图片后再上传。")
REDO_PDF = _("请用扫描软件或“打印为 PDF”重新生成 PDF 后再上传。")


# The check ------------------------------------------------------------------------------------


def validate_upload(file, kinds=IMAGE_KINDS, max_bytes=None):
    """Refuse (ValidationError) anything but a clean file of one of `kinds`; return what it is.

    `max_bytes` defaults to WAGTAILIMAGES_MAX_UPLOAD_SIZE for images, WAGTAILDOCS_MAX_UPLOAD_SIZE
    otherwise. A file already in storage was checked when it was uploaded and is not re-read.
    """
    if getattr(file, "_committed", False):
        return None
    kinds = tuple(kinds)
    all_images = all(KINDS[key].is_image for key in kinds)
    if max_bytes is None:
        max_bytes = (
            settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
            if all_images
            else settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        )
    # A form field and then the model field check the same upload: once is enough.
    underlying = getattr(file, "file", None) or file
    cache_key = (kinds, max_bytes)
    cached = getattr(underlying, "_portal_upload_checks", {})
    if cache_key in cached:
        return cached[cache_key]

    name = PurePath(getattr(file, "name", "") or "").name or str(_("文件"))
    size = getattr(file, "size", None)
    # 1. Size, from the upload's metadata: nothing is read yet.
    if size is None or size > max_bytes:
        message = (
            _("“%(name)s”图片过大（%(size)s），单张图片不能超过 %(max)s，请压缩后重新上传。")
            if all_images
            else _("“%(name)s”文件过大（%(size)s），每个文件不超过 %(max)s，请压缩后重新上传。")
        )
        raise _error(
            message,
            "file_too_large",
            name=name,
            size=_size_text(size or 0) if size else _("未知大小"),
            max=_size_text(max_bytes),
        )
    if size == 0:
        raise _error(_("“%(name)s”是空文件，请重新选择要上传的文件。"), "empty", name=name)

    # 2. The extension names an allowed kind, and the content is that kind.
    extension = PurePath(name).suffix.lower()
    kind = next((KINDS[key] for key in kinds if extension in KINDS[key].extensions), None)
    if kind is None:
        raise _error(
            _("“%(name)s”的格式（%(extension)s）不支持，只能上传 %(formats)s 格式的文件。"),
            "invalid_extension",
            name=name,
            extension=extension.lstrip(".").upper() or _("无扩展名"),
            formats=formats_text(kinds),
        )
    data = _read_all(file)
    detected = detect_format(data[:64])
    if kind.content == "pdf" and not data.startswith(b"%PDF-") and b"%PDF-" in data[:1024]:
        raise _error(
            _("“%(name)s”在 PDF 文件头（%%PDF-）之前还有其他数据，可能是伪装成 PDF 的其他文件，"
              "不能上传。%(redo)s"),
            "pdf_prefix",
            name=name,
            redo=REDO_PDF,
        )  # fmt: skip
    if kind.content == "text":
        if detected and detected not in _TWO_BYTE_MAGIC:
            raise _mismatch(name, kind, detected, extension)
    elif detected != kind.content:
        if detected is None:
            raise _error(
                _("“%(name)s”不是有效的%(label)s文件（文件内容与格式不符），"
                  "请上传真实的 %(formats)s 文件。"),
                "invalid_content",
                name=name,
                label=_("图片") if kind.is_image else f" {kind.label} ",
                formats=formats_text(kinds),
            )  # fmt: skip
        raise _mismatch(name, kind, detected, extension)

    # 3–5. The content itself.
    if kind.is_image:
        result = _check_image(name, kind, data)
    elif kind.content == "pdf":
        result = _check_pdf(name, data)
    elif kind.content == "ole":
        result = _check_ole(name, kind, data)
    elif kind.content == "zip":
        result = _check_zip(name, kind, data)
    else:
        result = _check_text(name, kind, data)
    with contextlib.suppress(AttributeError):  # objects without a __dict__: not remembered
        underlying._portal_upload_checks = {**cached, cache_key: result}
    return result


def _mismatch(name, kind, detected, extension):
    return _error(
        _("“%(name)s”的文件内容与格式不符：内容是 %(actual)s，扩展名却是 %(extension)s。"
          "请上传真实的 %(label)s 文件。"),
        "invalid_content",
        name=name,
        actual=FORMAT_LABELS.get(detected, detected),
        extension=extension,
        label=kind.label,
    )  # fmt: skip


def _read_all(file):
    """The whole content (already bounded by the size check); the file is rewound after."""
    file.seek(0)
    try:
        return file.read()
    finally:
        file.seek(0)


@deconstructible
class UploadValidator:
    """`validate_upload` as a model field validator (and so for ModelForms and serializers)."""

    def __init__(self, kinds=IMAGE_KINDS, max_bytes=None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, file):
        validate_upload(file, kinds=self.kinds, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (
            other.kinds,
            other.max_bytes,
        )


# Images ---------------------------------------------------------------------------------------


class _Broken(Exception):
    """The container is truncated or malformed."""


@dataclass
class _ImageLayout:
    width: int
    height: int
    frames: int
    end: int  # where the image data ends
    metadata: list = field(default_factory=list)  # chunks that may carry anything


# Other formats' signatures, refused inside an image's metadata (a file hidden in a comment).
EMBEDDED_SIGNATURES = (b"%PDF-", b"PK\x03\x04", b"PK\x05\x06")


def _invalid_image(name):
    return _error(
        _("“%(name)s”不是有效的图片文件（文件不完整或已损坏）。%(redo)s"),
        "invalid_image",
        name=name,
        redo=REDO_IMAGE,
    )


def _check_image(name, kind, data):
    from PIL import Image as PILImage

    try:
        layout = _IMAGE_LAYOUTS[kind.key](data)
    except (_Broken, IndexError, ValueError) as error:
        raise _invalid_image(name) from error
    if layout.end < len(data):
        raise _error(
            _("“%(name)s”在图片结束之后还附带了 %(extra)s 字节的其他数据（可能夹带了其他文件），"
              "为安全起见不能上传。%(redo)s"),
            "polyglot",
            name=name,
            extra=f"{len(data) - layout.end:,}",
            redo=REDO_IMAGE,
        )  # fmt: skip
    for chunk in layout.metadata:
        if any(signature in chunk for signature in EMBEDDED_SIGNATURES):
            raise _error(
                _("“%(name)s”的图片信息中夹带了其他文件，为安全起见不能上传。%(redo)s"),
                "polyglot",
                name=name,
                redo=REDO_IMAGE,
            )
    # The pixel limit, from the header alone: nothing has been decoded yet.
    max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    if layout.width * layout.height * layout.frames > max_pixels:
        if layout.frames > 1:
            raise _error(
                _("“%(name)s”是 %(width)d×%(height)d 像素、%(frames)d 帧的动图，总像素超过上限 "
                  "%(max)s 万像素，请缩小尺寸或减少帧数后重新上传。"),
                "file_too_many_pixels",
                name=name,
                width=layout.width,
                height=layout.height,
                frames=layout.frames,
                max=max_pixels // 10_000,
            )  # fmt: skip
        raise _error(
            _("“%(name)s”的图片尺寸 %(width)d×%(height)d 像素超过上限 %(max)s 万像素，"
              "请缩小后重新上传。"),
            "file_too_many_pixels",
            name=name,
            width=layout.width,
            height=layout.height,
            max=max_pixels // 10_000,
        )  # fmt: skip
    try:
        with PILImage.open(io.BytesIO(data), formats=kind.pillow_formats) as image:
            if image.size[0] > layout.width or image.size[1] > layout.height:
                raise _Broken("Pillow reads larger dimensions than the header")
            image.verify()  # structure and checksums (PNG CRCs)
        with PILImage.open(io.BytesIO(data), formats=kind.pillow_formats) as image:
            if image.format in ("JPEG", "MPO"):
                # DCT scaling still reads every block, at an eighth of the memory.
                image.draft(image.mode, (max(1, layout.width // 8), max(1, layout.height // 8)))
            # One decode, now bounded by the pixel check: refuses truncated data, which
            # `verify` lets through and which would only fail later, making renditions.
            image.load()
    except Exception as error:  # noqa: BLE001 — Pillow raises many kinds
        raise _invalid_image(name) from error
    return UploadCheck(kind.key, layout.width, layout.height, layout.frames)


def _png_layout(data):
    if data[12:16] != b"IHDR":
        raise _Broken("no IHDR")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    frames, metadata, position = 1, [], 8
    while True:
        if position + 12 > len(data):
            raise _Broken("no IEND")
        length = int.from_bytes(data[position : position + 4], "big")
        chunk_type = data[position + 4 : position + 8]
        end = position + 12 + length
        if length > 0x7FFFFFFF or end > len(data):
            raise _Broken("chunk beyond the file")
        if chunk_type == b"IEND":
            return _ImageLayout(width, height, frames, end, metadata)
        if chunk_type == b"acTL":  # APNG: every frame counts towards the pixel limit
            frames = max(1, int.from_bytes(data[position + 8 : position + 12], "big"))
        elif chunk_type not in (b"IHDR", b"PLTE", b"IDAT", b"fdAT", b"fcTL"):
            metadata.append(data[position + 8 : end - 4])
        position = end


_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_image(data, position, metadata):
    """(width, height, end) of the JPEG image starting at `position` (its SOI)."""
    if data[position : position + 2] != b"\xff\xd8":
        raise _Broken("no SOI")
    position += 2
    size = None
    while True:
        if position >= len(data) or data[position] != 0xFF:
            raise _Broken("expected a marker")
        while position < len(data) and data[position] == 0xFF:
            position += 1  # fill bytes
        if position >= len(data):
            raise _Broken("truncated")
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            if size is None:
                raise _Broken("no frame header")
            return size[0], size[1], position
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        if marker == 0xD8:
            raise _Broken("SOI inside an image")
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2 or position + length > len(data):
            raise _Broken("segment beyond the file")
        segment = data[position + 2 : position + length]
        if marker in _JPEG_SOF:
            size = (int.from_bytes(segment[3:5], "big"), int.from_bytes(segment[1:3], "big"))
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn, COM
            metadata.append(segment)
        position += length
        if marker == 0xDA:  # SOS: entropy-coded data up to the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= len(data):
                    raise _Broken("scan without an end")
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break


def _jpeg_layout(data):
    metadata = []
    width, height, end = _jpeg_image(data, 0, metadata)
    frames = 1
    # Multi-picture files (MPF, from cameras and phones) are further whole JPEG images after
    # the first; anything else after the last image's EOI is trailing data.
    while data[end : end + 3] == b"\xff\xd8\xff" and frames < 16:
        _w, _h, end = _jpeg_image(data, end, metadata)
        frames += 1
    return _ImageLayout(width, height, frames, end, metadata)


def _gif_sub_blocks(data, position):
    """(content, position after the terminator) of the sub-blocks starting at `position`."""
    parts = []
    while True:
        size = data[position]
        if size == 0:
            return b"".join(parts), position + 1
        parts.append(data[position + 1 : position + 1 + size])
        position += 1 + size
        if position > len(data):
            raise _Broken("sub-block beyond the file")


def _gif_layout(data):
    width, height = int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    flags, position = data[10], 13
    if flags & 0x80:
        position += 3 * 2 ** ((flags & 7) + 1)
    frames, metadata = 0, []
    while True:
        if position >= len(data):
            raise _Broken("no trailer")
        block = data[position]
        if block == 0x3B:  # trailer
            if not frames:
                raise _Broken("no image")
            return _ImageLayout(width, height, frames, position + 1, metadata)
        if block == 0x2C:  # image descriptor
            left, top, frame_width, frame_height = (
                int.from_bytes(data[position + offset : position + offset + 2], "little")
                for offset in (1, 3, 5, 7)
            )
            # A frame may reach beyond the logical screen; Pillow then grows the image.
            width, height = max(width, left + frame_width), max(height, top + frame_height)
            local_flags = data[position + 9]
            position += 10
            if local_flags & 0x80:
                position += 3 * 2 ** ((local_flags & 7) + 1)
            _content, position = _gif_sub_blocks(data, position + 1)  # after the LZW code size
            frames += 1
        elif block == 0x21:  # extension
            label = data[position + 1]
            content, position = _gif_sub_blocks(data, position + 2)
            if label != 0xF9:  # comments, application data: anything but frame timing
                metadata.append(content)
        else:
            raise _Broken("unknown block")


def _webp_layout(data):
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise _Broken("RIFF size beyond the file")
    width = height = None
    frames, metadata, position = 0, [], 12
    while position + 8 <= end:
        chunk_type = data[position : position + 4]
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        payload = data[position + 8 : position + 8 + length]
        if position + 8 + length > end:
            raise _Broken("chunk beyond the RIFF size")
        if chunk_type == b"VP8X":
            width = 1 + int.from_bytes(payload[4:7], "little")
            height = 1 + int.from_bytes(payload[7:10], "little")
        elif chunk_type == b"VP8 " and width is None:
            if payload[3:6] != b"\x9d\x01\x2a":
                raise _Broken("no VP8 start code")
            width = int.from_bytes(payload[6:8], "little") & 0x3FFF
            height = int.from_bytes(payload[8:10], "little") & 0x3FFF
        elif chunk_type == b"VP8L" and width is None:
            if payload[:1] != b"\x2f":
                raise _Broken("no VP8L signature")
            bits = int.from_bytes(payload[1:5], "little")
            width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        elif chunk_type == b"ANMF":
            frames += 1
        elif chunk_type not in (b"VP8 ", b"VP8L", b"ALPH", b"ANIM"):
            metadata.append(payload)
        position += 8 + length + (length & 1)
    if width is None:
        raise _Broken("no image chunk")
    return _ImageLayout(width, height, max(frames, 1), end, metadata)


_IMAGE_LAYOUTS = {
    "png": _png_layout,
    "jpeg": _jpeg_layout,
    "gif": _gif_layout,
    "webp": _webp_layout,
}


# PDF ------------------------------------------------------------------------------------------

# Names that make a PDF do something when it is opened or clicked, as a key or as a value (the
# /S of an action, the /Subtype of an annotation) → what members are told it contains.
PDF_ACTIVE_CONTENT = {
    "/JavaScript": _("JavaScript 脚本"),
    "/JS": _("JavaScript 脚本"),
    "/AA": _("自动触发的动作"),
    "/Launch": _("启动外部程序的动作"),
    "/EmbeddedFile": _("嵌入的文件"),
    "/EmbeddedFiles": _("嵌入的文件"),
    "/EF": _("嵌入的文件"),
    "/FileAttachment": _("文件附件"),
    "/GoToE": _("跳转到嵌入文件的动作"),
    "/RichMedia": _("多媒体（RichMedia）内容"),
    "/RichMediaExecute": _("多媒体（RichMedia）内容"),
    "/XFA": _("XFA 动态表单"),
    "/SubmitForm": _("提交表单数据的动作"),
    "/ImportData": _("导入数据的动作"),
}
PDF_WHITESPACE = b"\x00\t\n\x0c\r "
# Bounds on the work one upload may cause.
PDF_MAX_OBJECTS = 200_000
PDF_MAX_NODES = 2_000_000
_PDF_OBJECT_HEADER = re.compile(
    rb"(?<![0-9])(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+obj\b"
)


class _ActiveContent(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


def _invalid_pdf(name):
    return _error(
        _("“%(name)s”不是有效的 PDF 文件或已损坏，无法检查其内容。%(redo)s"),
        "invalid_pdf",
        name=name,
        redo=REDO_PDF,
    )


def _check_pdf(name, data):
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise _invalid_pdf(name)
    trailing = data[end + 5 :].strip(PDF_WHITESPACE)
    if trailing:
        raise _error(
            _("“%(name)s”在 PDF 结束标记（%%%%EOF）之后还附带了 %(extra)s 字节的其他数据"
              "（可能夹带了其他文件），为安全起见不能上传。%(redo)s"),
            "polyglot",
            name=name,
            extra=f"{len(trailing):,}",
            redo=REDO_PDF,
        )  # fmt: skip
    try:
        _scan_pdf(data)
    except _ActiveContent as found:
        raise _error(
            _("“%(name)s”含有%(what)s（%(key)s），为安全起见不能上传。%(redo)s"),
            "pdf_active_content",
            name=name,
            what=PDF_ACTIVE_CONTENT.get(found.name, _("打开文件时自动执行的动作")),
            key=found.name,
            redo=REDO_PDF,
        ) from None
    except _Encrypted:
        raise _error(
            _("“%(name)s”是加密的 PDF，无法检查其内容。请取消密码保护（或另存为未加密的 PDF）"
              "后重新上传。"),
            "pdf_encrypted",
            name=name,
        ) from None  # fmt: skip
    except Exception as error:  # noqa: BLE001 — pypdf raises many kinds for broken files
        raise _invalid_pdf(name) from error
    return UploadCheck("pdf")


class _Encrypted(Exception):
    pass


def _scan_pdf(data):
    """Raise _ActiveContent or _Encrypted; any other exception means the file is unreadable."""
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        StreamObject,
        read_object,
    )

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise _Encrypted
    budget = [PDF_MAX_NODES]

    def walk(root):
        stack = [root]
        while stack:
            item = stack.pop()
            budget[0] -= 1
            if budget[0] < 0:
                raise ValueError("too many PDF objects")
            if isinstance(item, DictionaryObject):
                for key, value in item.items():
                    if key in PDF_ACTIVE_CONTENT:
                        raise _ActiveContent(str(key))
                    if key == "/OpenAction":
                        target = value.get_object() if isinstance(value, IndirectObject) else value
                        if isinstance(target, DictionaryObject):  # an action, not a destination
                            raise _ActiveContent("/OpenAction")
                    if isinstance(value, NameObject) and value in PDF_ACTIVE_CONTENT:
                        raise _ActiveContent(str(value))
                    if not isinstance(value, IndirectObject):
                        stack.append(value)
                if isinstance(item, StreamObject) and item.get("/Type") == "/ObjStm":
                    stack.extend(objects_in_stream(item))
            elif isinstance(item, ArrayObject):
                for value in item:
                    if isinstance(value, NameObject) and value in PDF_ACTIVE_CONTENT:
                        raise _ActiveContent(str(value))
                    if not isinstance(value, IndirectObject):
                        stack.append(value)

    def objects_in_stream(stream):
        """The objects packed into a compressed object stream, parsed here, so that those the
        cross-reference table does not list are seen too."""
        content = stream.get_data()
        first = int(stream["/First"]) if "/First" in stream else 0
        numbers = [int(n) for n in re.findall(rb"\d+", content[:first])]
        for offset in numbers[1::2][:PDF_MAX_OBJECTS]:
            yield read_object(io.BytesIO(content[first + offset :]), reader)

    listed = {(number, 0) for number in reader.xref_objStm}
    for generation, entries in reader.xref.items():
        listed.update((number, generation) for number in entries)
    if len(listed) > PDF_MAX_OBJECTS:
        raise ValueError("too many PDF objects")
    walk(reader.trailer)
    for number, generation in sorted(listed):
        walk(reader.get_object(IndirectObject(number, generation, reader)))
    # Objects outside the table (viewers that repair a file find them too); those that do not
    # parse are stray bytes inside other streams.
    hidden = {
        (int(match[1]), int(match[2])) for match in _PDF_OBJECT_HEADER.finditer(data)
    } - listed
    for number, generation in sorted(hidden)[:PDF_MAX_OBJECTS]:
        try:
            item = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:  # noqa: BLE001, S112
            continue
        walk(item)


# Office documents, archives, text --------------------------------------------------------------

_OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _macros_error(name):
    return _error(
        _("“%(name)s”含有宏（VBA 代码），为安全起见不能上传。请另存为不含宏的文档后再上传。"),
        "macros",
        name=name,
    )


def _check_ole(name, kind, data):
    # The storage that holds VBA projects in Word, Excel and PowerPoint files.
    if "_VBA_PROJECT".encode("utf-16-le") in data or "Macros".encode("utf-16-le") in data:
        raise _macros_error(name)
    return UploadCheck(kind.key)


def _check_zip(name, kind, data):
    invalid = _error(
        _("“%(name)s”不是有效的 %(label)s 文件或已损坏，请重新保存后上传。"),
        "invalid_content",
        name=name,
        label=kind.label,
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if kind.key == "odt":
                info = archive.getinfo("mimetype")
                if names[0] != "mimetype" or info.file_size > 100:
                    raise invalid
                if archive.read(info).strip() != ODT_MIMETYPE:
                    raise invalid
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise invalid from error
    lowered = [item.lower() for item in names]
    if kind.key in _OOXML_PARTS and (
        "[content_types].xml" not in lowered or _OOXML_PARTS[kind.key] not in lowered
    ):
        raise invalid
    if kind.key != "zip" and any(
        item.endswith("vbaproject.bin") or item.startswith("basic/") for item in lowered
    ):
        raise _macros_error(name)
    return UploadCheck(kind.key)


def _check_text(name, kind, data):
    text = None
    if b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise _error(
            _("“%(name)s”不是纯文本文件，请上传 UTF-8 或 GB18030 编码的 TXT 文件。"),
            "invalid_content",
            name=name,
        )
    return UploadCheck(kind.key)


# Receiving uploads ----------------------------------------------------------------------------


class OversizedUpload(UploadedFile):
    """An upload larger than any limit: only its name and real size are kept, never its bytes."""

    def __init__(self, name, content_type, size, charset=None, content_type_extra=None):
        super().__init__(io.BytesIO(b""), name, content_type, size, charset, content_type_extra)


def upload_max_bytes():
    """The most any one uploaded file may be (the larger of Wagtail's two limits)."""
    return max(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)


class UploadSizeLimitHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: stops passing a file's bytes on once it is larger than
    any upload may be, so a huge file is never written whole to memory or disk; the form then
    sees an `OversizedUpload` of the real size and refuses it with the usual message."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_max_bytes()
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        if self.oversized or start + len(raw_data) > self.limit:
            self.oversized = True
            return None  # the later handlers stop receiving this file
        return raw_data

    def file_complete(self, file_size):
        if not self.oversized:
            return None  # the next handler makes the file
        return OversizedUpload(
            self.file_name, self.content_type, file_size, self.charset, self.content_type_extra
        )
