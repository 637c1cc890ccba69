from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "平台基础"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import cache, checks, images, page_cache  # noqa: F401  (signal handlers and system checks)
