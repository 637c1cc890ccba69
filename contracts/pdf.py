"""The contract PDF, rendered by WeasyPrint exactly once: when the enterprise confirms.

A4, the CJK fonts embedded (Debian's fonts-noto-cjk, found through fontconfig), the contract
number in the header, the platform in the footer and page numbers from CSS `@page` counters.
Never called during a GET request: downloads always stream the stored file.
"""

import logging
import time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from contracts.rendering import render_standard_contract

logger = logging.getLogger(__name__)


def contract_pdf_html(contract):
    return render_to_string(
        "contracts/pdf/contract.html",
        {
            "contract": contract,
            "body": render_standard_contract(contract),
            "platform_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
            "generated_at": timezone.localtime(),
        },
    )


def render_contract_pdf(contract):
    """PDF bytes of the contract as it stands (call under the contract's row lock)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter()
    font_config = FontConfiguration()
    document = HTML(string=contract_pdf_html(contract), base_url=str(settings.BASE_DIR))
    content = document.write_pdf(font_config=font_config)
    logger.info(
        "Rendered contract %s PDF (%d bytes) in %.2fs",
        contract.number,
        len(content),
        time.perf_counter() - started,
    )
    return content
