"""One format for money everywhere: 「¥16,900.00」 (portal.money)."""

from decimal import Decimal

import pytest

from portal.money import format_amount, format_yuan, format_yuan_range


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("16900"), "", "¥16,900.00"),
        (Decimal("99.5"), "台", "¥99.50 / 台"),
        (Decimal("0"), "", "¥0.00"),
        (Decimal("1234567.891"), "", "¥1,234,567.89"),
        (None, "台", "面议"),
    ],
)
def test_format_yuan(value, unit, text):
    assert format_yuan(value, unit) == text


def test_range_and_bare_amount():
    assert format_yuan_range(Decimal("1000"), Decimal("2500.5")) == "¥1,000.00 – ¥2,500.50"
    assert format_yuan_range(None, Decimal("1")) == "面议"
    assert format_amount(Decimal("128000")) == "128,000.00"


@pytest.mark.django_db
def test_a_service_product_a_product_a_demand_and_a_contract_write_it_alike():
    from contracts.models import Contract
    from marketplace.catalogue.models import Demand, EnterpriseProduct, ServiceProduct

    service = ServiceProduct(price_mode=ServiceProduct.PriceMode.FIXED, price=Decimal("16900"))
    product = EnterpriseProduct(price=Decimal("16900"), unit="套")
    demand = Demand(budget=Decimal("16900"))
    contract = Contract(amount=Decimal("16900"))
    assert str(service.price_display) == "¥16,900.00"
    assert product.price_display == "¥16,900.00 / 套"
    assert demand.budget_display == "¥16,900.00"
    assert contract.amount_display == "¥16,900.00"
