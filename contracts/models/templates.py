"""标准合同 wording (ContractTemplate): edited by editors in the admin, versioned by revisions.

The body is Django template text (HTML) with placeholders for the contract's content, for
example `{{ party_a.name }}`, `{{ amount_capitals }}`, `{{ service_content|linebreaksbr }}`.
It is rendered with a context of plain values only (see `contracts.rendering`), never with
model instances, so an editor's template cannot reach into the database.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.template import TemplateSyntaxError, engines
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin

PLACEHOLDER_HELP = _(
    "HTML 与 Django 模板语法。可用占位符：{{ number }} 合同编号，{{ party_a.name }} "
    "{{ party_a.credit_code }} {{ party_a.address }} {{ party_a.contact }} {{ party_a.phone }} 甲方"
    "（企业），{{ party_b.name }} {{ party_b.credit_code }} {{ party_b.address }} "
    "{{ party_b.contact }} {{ party_b.phone }} 乙方（服务机构），{{ product_name }}，"
    "{{ service_content }}，{{ amount }}，{{ amount_capitals }}，{{ service_start }}，"
    "{{ service_end }}，{{ place }}，{{ payment_terms }}，{{ acceptance_criteria }}，"
    "{{ breach_clauses }}，{{ dispute_resolution }}，{{ platform_name }}。"
)


class ContractTemplateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True).order_by("-updated_at", "-pk")


class ContractTemplate(RevisionMixin, models.Model):
    title = models.CharField(_("名称"), max_length=100)
    body = models.TextField(_("合同正文模板"), help_text=PLACEHOLDER_HELP)
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("新制作的合同使用最近更新的已启用模板。")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="contract_template")

    objects = ContractTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("标准合同模板")
        verbose_name_plural = _("标准合同模板")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        try:
            engines["django"].from_string(self.body or "")
        except TemplateSyntaxError as error:
            raise ValidationError(
                {"body": _("模板语法错误：%(error)s") % {"error": error}}
            ) from error
