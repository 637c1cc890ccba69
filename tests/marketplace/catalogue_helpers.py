"""Builders for the catalogue's tests: categories, approved institutions, service products."""

from wagtail.actions.create import CreateAction

from marketplace.catalogue.models import ServiceCategory, ServiceProduct
from marketplace.members.factories import InstitutionFactory
from marketplace.members.workflows import submit_for_review


def make_category(name="财税服务", slug="tax", parent=None, **fields):
    category = ServiceCategory(name=name, slug=slug, **fields)
    return (
        parent.add_child(instance=category)
        if parent
        else ServiceCategory.add_root(instance=category)
    )


def approved_institution(platform, **fields):
    return InstitutionFactory(platform=platform, approved=True, **fields)


def product_fields(**overrides):
    fields = {
        "name": "代理记账服务",
        "summary": "小规模纳税人代理记账、纳税申报。",
        "content": "<p>每月记账、报税。</p>",
        "service_mode": ServiceProduct.ServiceMode.BOTH,
        "regions_served": "长沙市",
        "price_mode": ServiceProduct.PriceMode.FIXED,
        "price": "3000",
        "delivery_period": "每月",
        "contact_name": "李会计",
        "contact_phone": "0731-88886666",
    }
    fields.update(overrides)
    return fields


def make_product(institution, category, *, live=True, **overrides):
    """A product saved through Wagtail's actions; live ones published without a review."""
    product = ServiceProduct(
        institution=institution, category=category, **product_fields(**overrides)
    )
    product.live = False
    product = CreateAction(product, user=institution.user).execute(skip_permission_checks=True)
    if live:
        product.get_latest_revision().publish(user=None)
        product.refresh_from_db()
    return product


def submitted_product(institution, category, **overrides):
    product = make_product(institution, category, live=False, **overrides)
    submit_for_review(ServiceProduct.objects.get(pk=product.pk), institution.user)
    product.refresh_from_db()
    return product
