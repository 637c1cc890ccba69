"""StreamField blocks shared by the portal's editorial pages (home, policies, notices)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "hr",
    "link",
    "document-link",
    "image",
    "superscript",
    "subscript",
    "blockquote",
]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    source = blocks.CharBlock(label=_("出处"), required=False)

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "blocks/quote_block.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "blocks/attachment_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        label=_("小标题"),
        template="blocks/heading_block.html",
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("正文"))
    image = ImageBlock(label=_("图片"))
    table = TableBlock(label=_("表格"), template="blocks/table_block.html")
    quote = QuoteBlock()
    attachment = AttachmentBlock()

    class Meta:
        block_counts = {}
