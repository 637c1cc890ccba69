"""Bad input on the 资质表 is refused in Chinese, with nothing saved, and never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.members.demo.qualifications import jpeg_scan_bytes, pdf_scan_bytes, png_scan_bytes
from marketplace.members.factories import InstitutionFactory, make_credit_code
from marketplace.members.models import Institution, Qualification
from marketplace.members.models.qualifications import is_valid_id_number, mask_id_number
from marketplace.members.workflows import ensure_review_setup

CENTER_URL = "/center/qualification/"


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


def form(**overrides):
    data = {
        "legal_name": "长沙星城财税服务有限公司",
        "credit_code": make_credit_code("430100"),
        "legal_representative": "王建国",
        "licence": SimpleUploadedFile("licence.png", png_scan_bytes(), "image/png"),
        "service_scope": "代理记账",
        "contact_name": "李会计",
        "contact_phone": "0731-88886666",
        "submit": "1",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"credit_code": "91430100MA4L000000"}, "credit_code", "统一社会信用代码格式不正确"),
        (
            {"licence": SimpleUploadedFile("licence.jpg", b"GIF89a not a jpeg", "image/jpeg")},
            "licence",
            "文件内容与格式不符",
        ),
        (
            {
                "licence": SimpleUploadedFile(
                    "licence.exe", b"MZ\x90\x00", "application/octet-stream"
                )
            },
            "licence",
            "只能上传 PDF、JPG 或 PNG",
        ),
        (
            {"licence": SimpleUploadedFile("licence.pdf", png_scan_bytes(), "application/pdf")},
            "licence",
            "文件内容与格式不符",
        ),
        (
            {
                "licence": SimpleUploadedFile(
                    "licence.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), "application/pdf"
                )
            },
            "licence",
            "不超过 10 MB",
        ),
        ({"contact_phone": "call me"}, "contact_phone", "有效的电话号码"),
    ],
)
def test_bad_organisation_input_is_refused(
    institution_client, institution, overrides, field, message
):
    response = institution_client.post(CENTER_URL, form(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "资质信息未保存" in response.content.decode()
    assert not Qualification.objects.filter(institution=institution).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("licence.jpg", jpeg_scan_bytes()),
        ("licence.JPEG", jpeg_scan_bytes()),
        ("l.pdf", pdf_scan_bytes()),
    ],
)
def test_real_scans_are_accepted(institution_client, institution, name, content):
    response = institution_client.post(CENTER_URL, form(licence=SimpleUploadedFile(name, content)))
    assert response.status_code == 302
    qualification = Qualification.objects.get(institution=institution)
    assert qualification.licence.name.startswith(f"qualifications/{institution.pk}/")
    assert name.split(".")[0] not in qualification.licence.name.rsplit("/", 1)[1]


def test_invalid_id_number_is_refused(client, changsha):
    expert = InstitutionFactory(kind=Institution.Kind.EXPERT, platform=changsha)
    client.force_login(expert.user)
    response = client.post(
        CENTER_URL,
        {
            "expert_name": "刘专家",
            "id_number": "430102199001011235",  # wrong check character
            "professional_title": "高级工程师",
            "professional_field": "智能制造",
            "resume": "经验丰富。",
            "contact_phone": "13900000000",
            "submit": "1",
        },
    )
    assert response.status_code == 400
    assert "身份证号码不正确" in " ".join(response.context["form"].errors["id_number"])
    assert not Qualification.objects.filter(institution=expert).exists()


def test_id_number_checksum_and_masking():
    assert is_valid_id_number("11010519491231002X")
    assert is_valid_id_number("11010519491231002x")
    assert not is_valid_id_number("110105194912310021")
    assert not is_valid_id_number("110105194913310028")  # 13th month
    assert not is_valid_id_number("")
    assert mask_id_number("430102199001011234") == "4301**********1234"


def test_other_members_cannot_use_the_page(client, enterprise):
    client.force_login(enterprise.user)
    assert client.get(CENTER_URL).status_code == 403
    client.logout()
    assert client.get(CENTER_URL).status_code == 302


def test_form_is_read_only_while_under_review(institution_client, institution):
    institution_client.post(CENTER_URL, form())
    data = form(legal_name="审核中偷偷改名", save_draft="1")
    del data["submit"]
    response = institution_client.post(CENTER_URL, data)
    assert response.status_code == 302
    qualification = Qualification.objects.get(institution=institution)
    assert qualification.get_latest_revision_as_object().legal_name != "审核中偷偷改名"
    assert qualification.review_status == Qualification.ReviewStatus.IN_REVIEW
