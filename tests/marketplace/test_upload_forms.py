"""Every member upload form refuses bombs, polyglots and active PDFs, and stores nothing.

Logos (企业资料, 机构资料), the 资质表's licence and certificates, and the 图片库 each get the
same bad files (tests/portal/bad_files.py); good PNG/JPEG (and PDF where scans are taken) pass.
"""

import pytest
from django.urls import reverse
from wagtail.images import get_image_model

from marketplace.members.demo.qualifications import make_id_number
from marketplace.members.factories import InstitutionFactory, make_credit_code
from marketplace.members.models import Enterprise, Institution, Qualification
from marketplace.members.workflows import ensure_review_setup
from tests.marketplace.members.test_center import profile_data
from tests.marketplace.products_support import collection_root  # noqa: F401 — a fixture
from tests.portal.bad_files import (
    GOOD_IMAGES,
    GOOD_PDF,
    bad_uploads_for,
    stored_files,
    upload,
)

Image = get_image_model()
IMAGE_CASES = bad_uploads_for(accepts_images=True, accepts_pdf=False)
SCAN_CASES = bad_uploads_for(accepts_images=True, accepts_pdf=True)
ids = [case[0] for case in IMAGE_CASES]

pytestmark = pytest.mark.usefixtures("collection_root")


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


# Logos ------------------------------------------------------------------------------------------

PROFILE = profile_data()


@pytest.mark.parametrize(("name", "content", "message"), IMAGE_CASES, ids=ids)
def test_enterprise_logo_refuses(enterprise_client, enterprise, name, content, message):
    before = stored_files()
    url = reverse("members:center_enterprise_profile")
    response = enterprise_client.post(url, {**PROFILE, "logo_upload": upload(name, content)})
    assert message in response.content.decode()
    assert Enterprise.objects.get(pk=enterprise.pk).logo is None
    assert not Image.objects.exists() and stored_files() == before


@pytest.mark.parametrize(("name", "content"), GOOD_IMAGES)
def test_enterprise_logo_accepts(enterprise_client, enterprise, name, content):
    url = reverse("members:center_enterprise_profile")
    response = enterprise_client.post(url, {**PROFILE, "logo_upload": upload(name, content)})
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=enterprise.pk).logo is not None


@pytest.mark.parametrize(("name", "content", "message"), IMAGE_CASES, ids=ids)
def test_institution_logo_refuses(institution_client, institution, name, content, message):
    before = stored_files()
    url = reverse("members:center_institution_profile")
    data = {"introduction": "简介", "service_scope": "代理记账", "contact_phone": "0731-1234567"}
    response = institution_client.post(url, {**data, "logo_upload": upload(name, content)})
    assert message in response.content.decode()
    assert Institution.objects.get(pk=institution.pk).logo is None
    assert not Image.objects.exists() and stored_files() == before


@pytest.mark.parametrize(("name", "content"), GOOD_IMAGES)
def test_institution_logo_accepts(institution_client, institution, name, content):
    url = reverse("members:center_institution_profile")
    data = {"introduction": "简介", "service_scope": "代理记账", "contact_phone": "0731-1234567"}
    response = institution_client.post(url, {**data, "logo_upload": upload(name, content)})
    assert response.status_code == 302
    assert Institution.objects.get(pk=institution.pk).logo is not None


# 资质表: licence (organisations) and certificates (experts) --------------------------------------


def organisation_form(licence):
    return {
        "legal_name": "长沙星城财税服务有限公司",
        "credit_code": make_credit_code("430100"),
        "legal_representative": "王建国",
        "licence": licence,
        "service_scope": "代理记账",
        "contact_name": "李会计",
        "contact_phone": "0731-88886666",
        "submit": "1",
    }


def expert_form(certificates):
    return {
        "expert_name": "刘专家",
        "id_number": make_id_number(),
        "professional_title": "高级工程师",
        "professional_field": "智能制造",
        "resume": "经验丰富。",
        "certificates": certificates,
        "contact_phone": "13900000000",
        "submit": "1",
    }


@pytest.mark.parametrize(("name", "content", "message"), SCAN_CASES, ids=ids)
def test_qualification_licence_refuses(institution_client, name, content, message):
    before = stored_files()
    response = institution_client.post(
        "/center/qualification/", organisation_form(upload(name, content))
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["licence"])
    assert not Qualification.objects.exists() and stored_files() == before


@pytest.mark.parametrize(("name", "content", "message"), SCAN_CASES, ids=ids)
def test_qualification_certificates_refuse(client, changsha, name, content, message):
    expert = InstitutionFactory(kind=Institution.Kind.EXPERT, platform=changsha)
    client.force_login(expert.user)
    before = stored_files()
    response = client.post("/center/qualification/", expert_form(upload(name, content)))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["certificates"])
    assert not Qualification.objects.exists() and stored_files() == before


@pytest.mark.parametrize(("name", "content"), [*GOOD_IMAGES, GOOD_PDF])
def test_qualification_accepts_real_scans(institution_client, institution, name, content):
    response = institution_client.post(
        "/center/qualification/", organisation_form(upload(name, content))
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(institution=institution)
    assert qualification.get_latest_revision_as_object().licence.name.endswith(name[-4:])


# 图片库 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), IMAGE_CASES, ids=ids)
def test_image_library_refuses(enterprise_client, name, content, message):
    before = stored_files()
    response = enterprise_client.post(
        reverse("catalogue:center_image_library"),
        {"images": [upload(name, content)]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"])
    assert not Image.objects.exists() and stored_files() == before


@pytest.mark.usefixtures("home_page")
def test_image_library_accepts_png_and_jpeg(enterprise_client):
    response = enterprise_client.post(
        reverse("catalogue:center_image_library"),
        {"images": [upload(name, content) for name, content in GOOD_IMAGES]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["ok"] is True
    assert Image.objects.count() == 2
