"""The 标准合同 built from the template wording and the contract's content (R3.5).

The same HTML is shown to the enterprise in the member centre and printed into the PDF. The
template is the revision recorded on the contract (the wording the enterprise was sent), or
the active template, or the built-in default; it is rendered with plain values only.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

DEFAULT_BODY_PATH = Path(__file__).with_name("default_contract.html")


def default_body():
    return DEFAULT_BODY_PATH.read_text(encoding="utf-8")


def template_body(contract):
    from contracts.models import ContractTemplate

    revision = contract.template_revision
    if revision is not None:
        body = (revision.content or {}).get("body")
        if body:
            return body
    template = ContractTemplate.objects.active().first()
    return template.body if template is not None else default_body()


def contract_context(contract):
    """Plain strings, numbers and dates: an editor's template sees nothing else."""
    return {
        "number": contract.number,
        "party_a": {
            "name": contract.party_a_name,
            "credit_code": contract.party_a_credit_code,
            "address": contract.party_a_address,
            "contact": contract.party_a_contact,
            "phone": contract.party_a_phone,
        },
        "party_b": {
            "name": contract.party_b_name,
            "credit_code": contract.party_b_credit_code,
            "address": contract.party_b_address,
            "contact": contract.party_b_contact,
            "phone": contract.party_b_phone,
        },
        "product_name": contract.product_name,
        "service_content": contract.service_content,
        "amount": (
            number_format(contract.amount, decimal_pos=2, force_grouping=True)
            if contract.amount is not None
            else ""
        ),
        "amount_capitals": contract.amount_in_capitals,
        "service_start": contract.service_start,
        "service_end": contract.service_end,
        "place": contract.place,
        "payment_terms": contract.payment_terms,
        "acceptance_criteria": contract.acceptance_criteria,
        "breach_clauses": contract.breach_clauses,
        "dispute_resolution": contract.dispute_resolution,
        "platform_name": getattr(settings, "WAGTAIL_SITE_NAME", "") or "湖南省中小企业公共服务平台",
    }


def render_standard_contract(contract):
    """The contract's body as safe HTML (autoescaped values inside the editors' wording)."""
    context = contract_context(contract)
    engine = engines["django"]
    try:
        html = engine.from_string(template_body(contract)).render(context)
    except Exception:  # an editor's template must never break a page
        logger.exception("Contract template failed for contract %s; using the default", contract.pk)
        html = engine.from_string(default_body()).render(context)
    return mark_safe(html)  # noqa: S308 - autoescaped template output
