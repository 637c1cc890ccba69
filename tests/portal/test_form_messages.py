"""Every member form's field errors name the field and say what to do (portal.form_messages)."""

import pytest
from django import forms

from contracts.forms import ContractForm
from marketplace.catalogue.views.center.demands import DemandForm
from marketplace.members.forms import EnterpriseProfileForm
from marketplace.trade.views.center.orders import CancelForm
from portal.text_limits import LengthLimitsMixin


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
