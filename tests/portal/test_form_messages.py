"""Every member form's field errors name the field and say what to do (portal.form_messages)."""

import pytest
from django import forms

from contracts.forms import ContractForm
from marketplace.catalogue.views.center.demands import DemandForm
from marketplace.members.forms import EnterpriseProfileForm
from marketplace.trade.views.center.orders import CancelForm
from portal.text_limits import LengthLimitsMixin
from tests.portal.bad_files import bomb_png, upload


class SampleForm(LengthLimitsMixin, forms.Form):
    phone = forms.CharField(label="联系电话")
    budget = forms.DecimalField(label="预算", max_digits=12, decimal_places=2, min_value=0)
    count = forms.IntegerField(label="人数", max_value=100, required=False)
    day = forms.DateField(label="截止日期", required=False)
    email = forms.EmailField(label="联系邮箱", required=False)
    kind = forms.ChoiceField(label="类型", choices=[("a", "甲"), ("b", "乙")])
    scan = forms.FileField(label="合同扫描件", required=False)
    reason = forms.CharField(label="原因", required=False, error_messages={"required": "自定义"})


def errors_of(data):
    form = SampleForm(data)
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_required_fields_say_what_to_fill_or_choose():
    errors = errors_of({})
    assert errors["phone"] == ["请填写联系电话。"]
    assert errors["budget"] == ["请填写预算。"]
    assert errors["kind"] == ["请选择类型。"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"budget": "很多"}, "budget", "预算请填写数字，例如 5000 或 12.5。"),
        ({"budget": "1234567890123"}, "budget", "预算最多 12 位数字，请删去多余的位数。"),
        ({"budget": "1.234"}, "budget", "预算最多保留 2 位小数。"),
        ({"budget": "-1"}, "budget", "预算不能小于 0。"),
        ({"count": "3.5"}, "count", "人数请填写整数。"),
        ({"count": "101"}, "count", "人数不能大于 100。"),
        ({"day": "明天"}, "day", "截止日期请按“年-月-日”填写，例如 2026-12-31。"),
        ({"email": "zhang"}, "email", "请填写有效的联系邮箱，例如 name@example.com。"),
        ({"kind": "z"}, "kind", "类型的选项无效，请重新选择。"),
    ],
)
def test_invalid_values_name_the_field_and_the_fix(data, field, message):
    errors = errors_of({"phone": "1", "budget": "1", "kind": "a", **data})
    assert errors[field] == [message]
    assert not any(text.endswith(".") for texts in errors.values() for text in texts)


def test_a_forms_own_message_is_kept():
    form = SampleForm({})
    assert form.fields["reason"].error_messages["required"] == "自定义"
    assert CancelForm({}).errors["reason"] == ["请填写取消原因。"]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [EnterpriseProfileForm, DemandForm, ContractForm])
def test_member_forms_never_say_the_bare_default(form_class):
    form = form_class(data={})
    form.is_valid()
    for messages in form.errors.values():
        for message in messages:
            assert message not in ("必需字段", "这个字段是必填项。", "This field is required.")
            assert not message.endswith(".")


# Every member-facing form, tried with what members get wrong ---------------------------------

# What Django, Wagtail or a half-translated catalogue would say instead of the portal's sentence.
NOT_THE_PORTALS = (
    "必需字段",
    "这个字段是必填项",
    "This field is required",
    "确保该变量",
    "确保该值",
    "确认总共",
    "unknown number",
    "输入一系列值",
    "输入一个有效的值",
    "Enter a",
    "Not a supported",
    "too many pixels",
    "此项",
)
TOO_LONG = "很" * 30_000
TOO_MANY_DIGITS = "12345678901234567.123"
NUMBER_FIELDS = (forms.DecimalField, forms.FloatField, forms.IntegerField)


def _member_forms():
    from contracts.forms import DocumentUploadForm, ReturnForm
    from marketplace.catalogue.views.center.products import ProductForm
    from marketplace.catalogue.views.center.service_products import ServiceProductForm
    from marketplace.catalogue.views.reports import ContentReportForm
    from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
    from marketplace.members.forms import InstitutionProfileForm
    from marketplace.members.models import Qualification
    from marketplace.members.registration.forms import (
        EnterpriseRegistrationForm,
        InstitutionRegistrationForm,
    )
    from marketplace.members.views.center.qualification import QualificationForm
    from marketplace.trade.views.center.evaluations import EvaluationForm, ReplyForm
    from marketplace.trade.views.orders import OrderForm
    from notices.forms import ActivitySignUpForm

    enterprise, institution = EnterpriseFactory(), InstitutionFactory()
    organisation = Qualification(institution=institution)
    expert = Qualification(institution=InstitutionFactory(kind="expert"))
    return {
        "企业注册": lambda *a: EnterpriseRegistrationForm(data=a[0], files=a[1]),
        "服务机构注册": lambda *a: InstitutionRegistrationForm(data=a[0], files=a[1]),
        "企业资料": lambda *a: EnterpriseProfileForm(*a),
        "机构资料": lambda *a: InstitutionProfileForm(*a, instance=institution),
        "资质表（机构）": lambda *a: QualificationForm(*a, instance=organisation, submitting=True),
        "资质表（专家）": lambda *a: QualificationForm(*a, instance=expert, submitting=True),
        "产品": lambda *a: ProductForm(*a, user=enterprise.user),
        "服务产品": lambda *a: ServiceProductForm(*a, user=institution.user),
        "需求": lambda *a: DemandForm(*a),
        "购买服务": lambda *a: OrderForm(*a),
        "取消订单": lambda *a: CancelForm(*a),
        "合同": lambda *a: ContractForm(*a, sending=True),
        "合同文件": lambda *a: DocumentUploadForm(*a),
        "退回修改": lambda *a: ReturnForm(*a),
        "服务评价": lambda *a: EvaluationForm(*a),
        "评价回复": lambda *a: ReplyForm(*a),
        "活动报名": lambda *a: ActivitySignUpForm(*a),
        "举报": lambda *a: ContentReportForm(*a),
    }


def _files_for(form, name, content):
    from django.utils.datastructures import MultiValueDict

    files = MultiValueDict()
    for field_name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            files.setlist(field_name, [upload(name, content)])
    return files


def _attempts(make):
    """(what was tried, data, files): empty, too long, too many digits, nonsense, bad files."""
    probe = make({}, {})
    names = [name for name, field in probe.fields.items() if not field.widget.is_hidden]
    long_values = {
        name: TOO_MANY_DIGITS if isinstance(field, NUMBER_FIELDS) else TOO_LONG
        for name, field in probe.fields.items()
        if name in names
    }
    nonsense = dict.fromkeys(names, "abc")
    nonsense.update(
        {
            name: "2026-13-45"
            for name, field in probe.fields.items()
            if isinstance(field, forms.DateField | forms.DateTimeField)
        }
    )
    return [
        ("empty", {}, {}),
        (
            "too long / too many digits + bomb",
            long_values,
            _files_for(probe, "bomb.png", bomb_png()),
        ),
        ("nonsense + exe", nonsense, _files_for(probe, "tool.exe", b"MZ\x90\x00")),
        (
            "one character + empty file",
            dict.fromkeys(names, "a"),
            _files_for(probe, "e.pdf", b""),
        ),
    ]


@pytest.mark.django_db
def test_every_member_form_names_the_field_and_says_what_to_do():
    seen = 0
    for title, make in _member_forms().items():
        for tried, data, files in _attempts(make):
            form = make(data, files)
            form.is_valid()
            for name, messages in form.errors.items():
                field = form.fields.get(name)
                if field is None or field.widget.is_hidden:
                    continue  # non-field errors; a hidden field is the page's own
                label = str(field.label or name)
                for message in messages:
                    seen += 1
                    where = f"{title} / {tried} / {label}: {message}"
                    assert not any(odd in message for odd in NOT_THE_PORTALS), where
                    assert message.endswith("。"), where  # a Chinese full stop, never "."
                    names_the_file = any(f"“{file.name}”" in message for file in files.values())
                    assert label in message or names_the_file, where
    assert seen > 250  # every form above was really tried


@pytest.mark.django_db
def test_a_too_large_logo_shows_its_real_size_in_chinese():
    form = EnterpriseProfileForm({}, {"logo_upload": upload("logo.png", bomb_png())})
    form.is_valid()
    assert form.errors["logo_upload"] == [
        "“logo.png”的图片尺寸 20000×20000 像素超过上限 4000 万像素，请缩小后重新上传。"
    ]


@pytest.mark.django_db
def test_what_wagtails_image_field_may_still_say_is_the_portals():
    """Should Willow refuse a logo after the portal's check (Pillow's own bomb limit), the
    message names the field and the limit; never Wagtail's 「unknown number」."""
    from types import SimpleNamespace

    from PIL import Image as PILImage

    class BombImage:
        def get_size(self):
            raise PILImage.DecompressionBombError("too big")

    form = EnterpriseProfileForm({})
    form.is_valid()  # the messages are set when a form validates
    field = form.fields["logo_upload"]
    with pytest.raises(forms.ValidationError) as refused:
        field.check_image_pixel_size(SimpleNamespace(image=BombImage()))
    assert refused.value.messages == ["企业标志的像素过多，最多 4000 万像素，请缩小后重新上传。"]
    assert "GIF" in field.error_messages["invalid_image"]
    assert field.error_messages["invalid_image"].startswith("企业标志不是有效的图片")


def test_an_error_that_does_not_name_its_field_gets_its_label():
    class PhoneForm(LengthLimitsMixin, forms.Form):
        phone = forms.CharField(label="联系电话")

        def clean_phone(self):
            raise forms.ValidationError("请输入有效的电话号码。")

    form = PhoneForm({"phone": "x"})
    assert form.errors["phone"] == ["联系电话：请输入有效的电话号码。"]


def test_too_short_text_names_the_field():
    class NameForm(LengthLimitsMixin, forms.Form):
        username = forms.CharField(label="用户名", min_length=4)

    assert NameForm({"username": "abc"}).errors["username"] == ["用户名至少 4 个字，当前 3 个字。"]
