"""Print, as JSON, the micro-benchmarks `make bench` reports beside the load test.

- Contract PDF: WeasyPrint rendering of one seeded contract, the first render in the process
  (fonts loaded) apart from the median of the following ones.
- Renditions: the full set an image gets in the background (the API's editorial sizes, or the
  six WebP/JPEG product sizes), timed per image after deleting its renditions.

Run only against a throw-away benchmark database: it deletes and re-creates renditions.
"""

import json
import statistics
import time

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from contracts.models import Contract
from contracts.pdf import render_contract_pdf
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
        parser.add_argument("--images", type=int, default=5)

    def handle(self, *args, pdf_runs, images, **options):
        figures = {
            "contract_pdf": contract_pdf_figures(pdf_runs),
            "renditions": rendition_figures(images),
        }
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
