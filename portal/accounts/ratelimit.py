"""The registration limit; every limit of the portal counts in `portal.ratelimit`'s shared store."""

from portal.ratelimit import RateLimit

__all__ = ["RateLimit", "registration_limit"]

registration_limit = RateLimit("register", limit=10, window=60 * 60)
