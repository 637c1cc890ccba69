from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """The migrations history from before the split (decision 0009); no models of its own."""

    name = "marketplace"
    verbose_name = "服务市场（迁移历史）"
    default_auto_field = "django.db.models.BigAutoField"
