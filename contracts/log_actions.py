"""Names of the contract actions written to Wagtail's log (registered in wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _

LOG_ACTIONS = {
    "contracts.make": (_("制作合同"), _("服务机构制作了合同")),
    "contracts.save_draft": (_("保存合同草稿"), _("服务机构保存了合同草稿")),
    "contracts.send": (_("发送合同"), _("服务机构将合同发送给企业")),
    "contracts.return_for_changes": (_("退回修改"), _("企业退回合同要求修改")),
    "contracts.confirm": (_("确认合同"), _("企业确认了合同")),
    "contracts.store_pdf": (_("生成合同 PDF"), _("平台生成并保存了合同 PDF")),
    "contracts.regenerate_pdf": (_("重新生成合同 PDF"), _("合同一方要求重新生成合同 PDF")),
    "contracts.add_document": (_("上传合同附件"), _("服务机构上传了合同附件")),
    "contracts.remove_document": (_("删除合同附件"), _("服务机构删除了合同附件")),
    "contracts.submit": (_("提交合同"), _("服务机构提交了合同")),
}
