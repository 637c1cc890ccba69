"""Background work of contracts (django-tasks: immediate in dev/tests, `db_worker` in production).

`store_contract_pdf` renders and stores the confirmed contract's PDF, so 确认合同 answers at once
instead of waiting seconds for WeasyPrint. The contract page shows 「合同 PDF 生成中…」 until it
is stored; a failed render is retried by backends that can run a task later (the database one),
and the parties are offered 重新生成 (`Contract.regenerate_pdf`).
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)

PDF_ATTEMPTS = 3
PDF_RETRY_DELAY = datetime.timedelta(minutes=1)


@task()
def store_contract_pdf(contract_id, attempt=1):
    """Render and store the PDF of one confirmed contract; True if this run stored it."""
    from contracts.models import Contract

    contract = Contract.objects.filter(pk=contract_id).first()
    if contract is None:
        return False
    try:
        # The portal's language, whatever the request that enqueued it used.
        with translation.override(settings.LANGUAGE_CODE):
            return contract.store_pdf()
    except Exception:
        logger.exception(
            "Rendering the PDF of contract %s failed (attempt %d)", contract.number, attempt
        )
        contract.mark_pdf_failed()
        if attempt < PDF_ATTEMPTS and store_contract_pdf.get_backend().supports_defer:
            store_contract_pdf.using(run_after=timezone.now() + PDF_RETRY_DELAY * attempt).enqueue(
                contract_id, attempt + 1
            )
        raise
