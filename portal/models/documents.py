from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document


class CustomDocument(AbstractDocument):
    """Editorial attachments (policy texts, declaration guides).

    Members' private files (licences, contracts, invoices) are not Wagtail documents: they live in
    the private storage and are served only by views that check who asks.
    """

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("文档")
        verbose_name_plural = _("文档")
