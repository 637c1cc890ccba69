"""The 预览稿 PDF and the contract page that links it carry the portal's security headers."""

import pytest
from django.urls import reverse

from tests.portal.test_security_headers import assert_portal_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def stand_in_render(monkeypatch):
    monkeypatch.setattr(
        "contracts.pdf.render_preview_pdf", lambda contract: b"%PDF-1.4\n% stand-in\n%%EOF\n"
    )


def test_the_pdf_preview_and_its_page_carry_the_headers(
    client, sent_contract, enterprise, stand_in_render
):
    client.force_login(enterprise.user)
    pdf = client.get(reverse("contracts:pdf_preview", args=[sent_contract.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # Downloaded, never framed: the public policy with frame-ancestors 'none' fits it.
    assert pdf["Content-Disposition"].startswith("attachment")
    assert_portal_headers(pdf)
    detail = client.get(sent_contract.get_absolute_url())
    assert detail.status_code == 200
    assert_portal_headers(detail)
