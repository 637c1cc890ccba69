"""Files uploaded after confirmation (R3.6): the signed and stamped scan, supplementary
contracts, invoices and other evidence. Private: only the parties and platform staff see them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contracts.files import document_upload_to, private_storage, validate_contract_document


class ContractDocument(models.Model):
    class Kind(models.TextChoices):
        SIGNED_SCAN = "signed_scan", _("签字盖章合同扫描件")
        SUPPLEMENT = "supplement", _("补充合同")
        INVOICE = "invoice", _("发票")
        OTHER = "other", _("其他证明材料")

    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("合同"),
    )
    kind = models.CharField(_("文件类型"), max_length=16, choices=Kind.choices)
    file = models.FileField(
        _("文件"),
        storage=private_storage,
        upload_to=document_upload_to,
        max_length=255,
        validators=[validate_contract_document],
        help_text=_("PDF、JPG 或 PNG，不超过 20 MB。"),
    )
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    # Platform data of its owner's platform (marketplace.members.scoping).
    platform_owner = "contract"

    class Meta:
        verbose_name = _("合同附件")
        verbose_name_plural = _("合同附件")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name or self.pk}"

    def save(self, *args, **kwargs):
        if not self.original_name and self.file and not getattr(self.file, "_committed", True):
            self.original_name = (self.file.name or "")[-255:]
        super().save(*args, **kwargs)

    def get_download_url(self):
        return reverse("contracts:document", args=[self.pk])
