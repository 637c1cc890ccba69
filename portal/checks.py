from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Fragment invalidation (portal/cache.py) only reaches every worker through a shared cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache") or backend.endswith("DummyCache"):
        return [
            Warning(
                "The default cache is per process; published content may show late in other "
                "workers.",
                hint="Set REDIS_URL so that every worker shares the cache.",
                id="portal.W001",
            )
        ]
    return []
