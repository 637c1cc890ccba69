import pytest
from django.core.exceptions import ValidationError

from marketplace.members.factories import make_credit_code
from marketplace.members.validators import is_valid_credit_code, validate_credit_code

# Published codes of real organisations (their check characters follow GB 32100-2015).
VALID_CODES = [
    "91350100M000100Y43",
    "91110000802100433B",  # 中国石油天然气集团
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "9144030071526726XG",  # 华为技术有限公司
]


@pytest.mark.parametrize("code", VALID_CODES)
def test_published_credit_codes_are_valid(code):
    validate_credit_code(code)


def test_lower_case_is_accepted():
    assert is_valid_credit_code(VALID_CODES[0].lower())


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4O",  # O is not in the alphabet
        "91ABCDEFM000100Y43",  # region part is not digits
        "9135010OM000100Y43",
    ],
)
def test_invalid_credit_codes_are_refused_in_chinese(code):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert "统一社会信用代码" in error.value.messages[0]


def test_generated_codes_are_valid():
    import random

    rng = random.Random(1)
    assert all(is_valid_credit_code(make_credit_code("430100", rng)) for _ in range(200))
