"""Validators for Chinese identifiers used by members' profiles."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the 31 characters a unified social credit code may use (no I, O, S, V, Z),
# their values, and the weights of the first 17 positions.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first_17):
    """The 18th character of a credit code whose first 17 characters are given."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first_17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(value):
    code = (value or "").strip().upper()
    if len(code) != 18 or any(char not in CREDIT_CODE_ALPHABET for char in code):
        return False
    # Positions 3–8 are the administrative division code: digits only.
    if not code[2:8].isdigit():
        return False
    return credit_code_check_character(code[:17]) == code[17]


def validate_credit_code(value):
    """统一社会信用代码: 18 characters with the GB 32100-2015 check character."""
    if not is_valid_credit_code(value):
        raise ValidationError(
            _("统一社会信用代码格式不正确，请核对后重新输入（18位，末位为校验码）。"),
            code="invalid_credit_code",
        )


def validate_region_code(value):
    """GB/T 2260 administrative division code: six digits."""
    if not (len(value) == 6 and value.isdigit()):
        raise ValidationError(_("行政区划代码应为6位数字，例如 430100。"), code="invalid_region")
