"""Print, as JSON, the micro-benchmarks `make bench` reports beside the load test.

- Contract PDF: WeasyPrint rendering of one seeded contract, the first render in the process
  (fonts loaded) apart from the median of the following ones. This runs in the task worker,
  not in a member's request.
- 确认合同: the enterprise's POST (the Django test client, the whole middleware stack, what
  runs at commit included) with the database task backend, as in production: the transition is
  recorded and the PDF task queued, not run; notification e-mails go to memory. Each run puts a
  seeded contract back to 待企业确认 and is rolled back afterwards.
- Renditions: the full set an image gets in the background (the API's editorial sizes, or the
  six WebP/JPEG product sizes), timed per image after deleting its renditions.

Run only against a throw-away benchmark database: it deletes and re-creates renditions.
"""

import json
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from wagtail.images import get_image_model

from contracts.models import Contract
from contracts.pdf import render_contract_pdf
from contracts.tasks import store_contract_pdf
from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS
from portal.images import API_RENDITIONS


def _timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def contract_pdf_figures(runs):
    contract = Contract.objects.with_parties().order_by("pk").first()
    if contract is None:
        return None
    first, content = _timed(lambda: render_contract_pdf(contract))
    rest = [_timed(lambda: render_contract_pdf(contract))[0] for _ in range(runs)]
    return {
        "first_s": round(first, 3),
        "median_s": round(statistics.median(rest), 3),
        "max_s": round(max(rest), 3),
        "runs": runs,
        "bytes": len(content),
    }


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class _RolledBack(Exception):
    pass


def _timed_confirm(client, contract):
    """Seconds the 确认合同 POST of `contract` (made 待企业确认 again) took; rolled back."""
    from django_tasks_db.models import DBTaskResult

    from marketplace.trade.models import Order

    try:
        with transaction.atomic():
            Contract.objects.filter(pk=contract.pk).update(
                status=Contract.Status.SENT, pdf="", pdf_sha256="", confirmed_at=None
            )
            Order.objects.filter(pk=contract.order_id).update(status=Order.Status.CONTRACTING)
            client.force_login(contract.order.enterprise.user)
            pdf_tasks = DBTaskResult.objects.filter(task_path=store_contract_pdf.module_path)
            queued = pdf_tasks.count()
            # What commit would run (the PDF task's enqueue), inside the timing.
            with TestCase.captureOnCommitCallbacks(execute=True):
                started = time.perf_counter()
                response = client.post(reverse("contracts:confirm", args=[contract.pk]))
            elapsed = time.perf_counter() - started
            assert response.status_code == 302, response.status_code
            assert Contract.objects.get(pk=contract.pk).status == Contract.Status.CONFIRMED
            assert pdf_tasks.count() == queued + 1  # queued, not rendered
            raise _RolledBack
    except _RolledBack:
        pass
    return elapsed


def contract_confirm_figures(runs):
    contracts = list(
        Contract.objects.with_parties()
        .filter(order__enterprise__user__is_active=True)
        .order_by("pk")[: runs + 1]
    )
    if not contracts:
        return None
    client = Client(HTTP_HOST="127.0.0.1")
    # The notification e-mails go to memory: the mail server's latency is not the portal's.
    with override_settings(
        TASKS=DATABASE_TASKS,
        ALLOWED_HOSTS=["127.0.0.1"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        times = [_timed_confirm(client, contracts[i % len(contracts)]) for i in range(runs + 1)]
    first, rest = times[0], times[1:]
    return {
        "first_s": round(first, 3),
        "median_s": round(statistics.median(rest), 3),
        "max_s": round(max(rest), 3),
        "runs": runs,
    }


def rendition_figures(images):
    Image = get_image_model()
    specs = {
        "editorial": tuple(API_RENDITIONS.values()),
        "product": PRODUCT_RENDITION_SPECS,
    }
    figures = {}
    for name, filter_specs in specs.items():
        times = []
        for image in Image.objects.order_by("pk")[:images]:
            image.renditions.all().delete()
            started = time.perf_counter()
            image.get_renditions(*filter_specs)
            times.append(time.perf_counter() - started)
        if times:
            figures[name] = {
                "sizes": len(filter_specs),
                "images": len(times),
                "median_s": round(statistics.median(times), 3),
                "max_s": round(max(times), 3),
            }
    return figures


class Command(BaseCommand):
    help = "Contract PDF and rendition timings as JSON (benchmark databases only)."

    def add_arguments(self, parser):
        parser.add_argument("--pdf-runs", type=int, default=7)
        parser.add_argument("--confirm-runs", type=int, default=15)
        parser.add_argument("--images", type=int, default=5)

    def handle(self, *args, pdf_runs, confirm_runs, images, **options):
        figures = {
            "contract_pdf": contract_pdf_figures(pdf_runs),
            "contract_confirm": contract_confirm_figures(confirm_runs),
            "renditions": rendition_figures(images),
        }
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
