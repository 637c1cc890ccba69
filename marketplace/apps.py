from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "服务市场"
    default_auto_field = "django.db.models.BigAutoField"
