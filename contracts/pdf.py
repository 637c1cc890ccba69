"""The contract PDF, rendered by WeasyPrint.

A4, the CJK fonts embedded (Debian's fonts-noto-cjk, found through fontconfig), the contract
number in the header, the platform in the footer and page numbers from CSS `@page` counters.

`render_contract_pdf` makes the confirmed file: called once, in the background after the
enterprise confirms (contracts/tasks.py), and stored with its hash; downloads of a confirmed
contract always stream that stored file.
`render_preview_pdf` makes the 预览稿 of a sent contract for an explicit member download
(contracts/preview.py): watermarked on every page and never stored.
"""

import logging
import time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from contracts.rendering import render_standard_contract

logger = logging.getLogger(__name__)


def contract_pdf_html(contract, *, preview=False):
    return render_to_string(
        "contracts/pdf/contract.html",
        {
            "contract": contract,
            "body": render_standard_contract(contract),
            "platform_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
            # The confirmed file states when the enterprise confirmed, not when the worker ran.
            "generated_at": timezone.localtime(
                None if preview or contract.confirmed_at is None else contract.confirmed_at
            ),
            "preview": preview,
        },
    )


def _write_pdf(html, contract, kind):
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter()
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    content = document.write_pdf(font_config=font_config)
    logger.info(
        "Rendered contract %s %s PDF (%d bytes) in %.2fs",
        contract.number,
        kind,
        len(content),
        time.perf_counter() - started,
    )
    return content


def render_contract_pdf(contract):
    """PDF bytes of the confirmed contract (its content no longer changes)."""
    return _write_pdf(contract_pdf_html(contract), contract, "confirmed")


def render_preview_pdf(contract):
    """PDF bytes of the 预览稿: the same contract, marked as unconfirmed on every page."""
    return _write_pdf(contract_pdf_html(contract, preview=True), contract, "preview")
