"""The demo's standard contract template (one published revision). Idempotent: found by title."""

from contracts.models import ContractTemplate
from contracts.rendering import default_body

TEMPLATE_TITLE = "湖南省中小企业公共服务平台技术服务合同（标准文本）"


def seed_template():
    template = ContractTemplate.objects.filter(title=TEMPLATE_TITLE).first()
    if template is None:
        template = ContractTemplate.objects.create(
            title=TEMPLATE_TITLE, body=default_body(), is_active=True
        )
        template.save_revision(log_action=True)
    return template
