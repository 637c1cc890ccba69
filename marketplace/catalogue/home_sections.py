"""The catalogue's home-page sections (registered in marketplace/catalogue/wagtail_hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from home.sections import HomeSection

LATEST_PRODUCT_COUNT = 8


def latest_products(request, home_page):
    """企业产品: the newest public products with their pre-generated thumbnails."""
    from marketplace.catalogue.images import product_rendition_urls
    from marketplace.catalogue.views.products import public_products

    products = public_products().order_by("-published_at", "-pk")[:LATEST_PRODUCT_COUNT]

    def thumbnail(product):
        # The pre-generated size the section shows; None until the background task made it.
        cover = product.cover
        if cover is None or not cover.renditions_ready:
            return None
        return product_rendition_urls(cover.image).get("thumbnail")

    def items():
        return [
            {
                "id": product.pk,
                "title": product.name,
                "url": product.get_absolute_url(),
                "enterprise_name": product.enterprise.name,
                "thumbnail": thumbnail(product),
            }
            for product in products
        ]

    return HomeSection(
        template="marketplace/products/home_section.html",
        # Lazy: the template's cached fragment only runs it on a miss.
        context={"products": products},
        key="products",
        title=_("企业产品"),
        link=reverse("catalogue:product_list"),
        items=items,
    )


LATEST_SERVICE_COUNT = 6
LATEST_DEMAND_COUNT = 6


def latest_services(request, home_page):
    """服务产品: the newest live service products of approved institutions."""
    from marketplace.catalogue.models import ServiceProduct

    products = (
        ServiceProduct.objects.public()
        .select_related("institution", "category")
        .order_by("-first_published_at", "-pk")
    )
    products = products[:LATEST_SERVICE_COUNT]

    def items():
        return [
            {
                "id": product.pk,
                "title": product.name,
                "url": product.get_absolute_url(),
                "institution_name": product.institution.name,
                "price_display": str(product.price_display),
            }
            for product in products
        ]

    # Lazy: the template's cached fragment only runs it on a miss.
    return HomeSection(
        template="marketplace/services/home_section.html",
        context={"products": products},
        key="services",
        title=_("服务产品"),
        link=reverse("catalogue:service_list"),
        items=items,
    )


def latest_demands(request, home_page):
    """需求: the newest open demands. The fragment is keyed on today's date too, so a demand
    whose deadline passed leaves the home page the next day without any publish."""
    from django.utils import timezone

    from marketplace.catalogue.models import Demand

    demands = Demand.objects.public().select_related("category").order_by("-created_at", "-pk")
    demands = demands[:LATEST_DEMAND_COUNT]

    def items():
        return [
            {
                "id": demand.pk,
                "title": demand.title,
                "url": demand.get_absolute_url(),
                "category_name": demand.category.name,
                "deadline": demand.deadline.isoformat() if demand.deadline else None,
            }
            for demand in demands
        ]

    return HomeSection(
        template="marketplace/demands/home_section.html",
        context={"demands": demands, "today": timezone.localdate()},
        key="demands",
        title=_("需求"),
        link=reverse("catalogue:demand_list"),
        items=items,
    )
