"""The catalogue's home-page sections (registered in marketplace/catalogue/wagtail_hooks.py)."""

from home.sections import HomeSection

LATEST_PRODUCT_COUNT = 8


def latest_products(request, home_page):
    """企业产品: the newest public products with their pre-generated thumbnails."""
    from marketplace.catalogue.views.products import public_products

    return HomeSection(
        template="marketplace/products/home_section.html",
        # Lazy: the template's cached fragment only runs it on a miss.
        context={
            "products": public_products().order_by("-published_at", "-pk")[:LATEST_PRODUCT_COUNT]
        },
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
    # Lazy: the template's cached fragment only runs it on a miss.
    return HomeSection(
        template="marketplace/services/home_section.html",
        context={"products": products[:LATEST_SERVICE_COUNT]},
    )


def latest_demands(request, home_page):
    """需求: the newest open demands. The fragment is keyed on today's date too, so a demand
    whose deadline passed leaves the home page the next day without any publish."""
    from django.utils import timezone

    from marketplace.catalogue.models import Demand

    demands = Demand.objects.public().select_related("category").order_by("-created_at", "-pk")
    return HomeSection(
        template="marketplace/demands/home_section.html",
        context={"demands": demands[:LATEST_DEMAND_COUNT], "today": timezone.localdate()},
    )
