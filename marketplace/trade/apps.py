from django.apps import AppConfig


class TradeConfig(AppConfig):
    name = "marketplace.trade"
    label = "trade"
    verbose_name = "订单与评价"
    default_auto_field = "django.db.models.BigAutoField"
    # The content version of public marketplace fragments, bumped by any change here.
    public_content_tag = "marketplace"
