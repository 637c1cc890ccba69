from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


@register(Tags.security)
def rate_limit_check(app_configs, **kwargs):
    """A misconfigured limit must stop the start, not fail every request later."""
    from portal.ratelimit import STORES

    errors = []
    store = getattr(settings, "PORTAL_RATE_LIMIT_STORE", "database")
    if store not in STORES:
        errors.append(
            Error(
                f"PORTAL_RATE_LIMIT_STORE is {store!r}.",
                hint=f"Use one of: {', '.join(STORES)}.",
                id="portal.E001",
            )
        )
    elif store == "redis" and not getattr(settings, "PORTAL_RATE_LIMIT_REDIS_URL", ""):
        errors.append(
            Error(
                "PORTAL_RATE_LIMIT_STORE=redis without a Redis URL.",
                hint="Set PORTAL_RATE_LIMIT_REDIS_URL (or REDIS_URL).",
                id="portal.E002",
            )
        )
    rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
    for scope, rate in rates.items():
        if not _valid_rate(rate):
            errors.append(
                Error(
                    f"The API throttle rate {scope!r} is {rate!r}.",
                    hint='Set PORTAL_API_ANON_RATE to e.g. "120/minute" (or "off").',
                    id="portal.E003",
                )
            )
    return errors


def _valid_rate(rate):
    """What DRF's `SimpleRateThrottle.parse_rate` accepts: None or "<number>/<s|m|h|d…>"."""
    if rate is None:
        return True
    try:
        number, period = str(rate).split("/")
        return int(number) > 0 and period[:1] in ("s", "m", "h", "d")
    except ValueError:
        return False
