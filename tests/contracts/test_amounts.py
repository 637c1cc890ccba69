from decimal import Decimal

import pytest

from contracts.amounts import to_chinese_capitals


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),
        ("100", "壹佰元整"),
        ("1005", "壹仟零伍元整"),
        ("1050", "壹仟零伍拾元整"),
        ("100000", "壹拾万元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("101000", "壹拾万壹仟元整"),
        ("10000000", "壹仟万元整"),
        ("100000000", "壹亿元整"),
        ("1000000001", "壹拾亿零壹元整"),
        ("20030.40", "贰万零叁拾元肆角"),
        ("10.5", "壹拾元伍角"),
        ("1.05", "壹元零伍分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.56", "伍角陆分"),
        ("0.005", "壹分"),  # rounded half up to the fen
        ("99999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_amounts_in_capitals(amount, expected):
    assert to_chinese_capitals(Decimal(amount)) == expected


@pytest.mark.parametrize("amount", ["-1", "NaN", "Infinity", "1e20", "abc", None])
def test_bad_amounts_are_refused(amount):
    with pytest.raises(ValueError):
        to_chinese_capitals(amount)
