"""Amounts in Chinese capitals (人民币大写), as contracts, invoices and cheques write them.

`to_chinese_capitals(Decimal("12345.67"))` → "壹万贰仟叁佰肆拾伍元陆角柒分". Amounts are rounded
half-up to the fen; whole amounts end in "整"; inner zeros are read once ("壹仟零伍元整",
"壹拾万零壹拾元整", "壹元零伍分").
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("仟", "佰", "拾", "")
GROUP_UNITS = ("", "万", "亿", "万亿")
LIMIT = Decimal(10) ** 16  # up to 9999万亿, more than any contract needs


def _four_digits(number):
    """A group of up to four digits (1–9999), with inner zeros read once."""
    parts = []
    zero_pending = False
    for power, place in zip((3, 2, 1, 0), PLACES, strict=True):
        digit = number // 10**power % 10
        if digit == 0:
            zero_pending = zero_pending or bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(DIGITS[digit] + place)
    return "".join(parts)


def _integer(number):
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text = ""
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = zero_pending or bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _four_digits(group) + GROUP_UNITS[index]
        zero_pending = False
    return text


def to_chinese_capitals(amount):
    """The amount in yuan, in capitals. Raises ValueError for negative or absurd amounts."""
    try:
        value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValueError(f"Not an amount: {amount!r}") from error
    if not value.is_finite() or value < 0 or value >= LIMIT:
        raise ValueError(f"Amount out of range: {amount!r}")
    fen_total = int(value * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return "零元整"
    text = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text
