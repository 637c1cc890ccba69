from portal.models.documents import CustomDocument
from portal.models.images import CustomImage, CustomRendition
from portal.models.ratelimit import RateLimitCounter
from portal.models.users import User

__all__ = ["CustomDocument", "CustomImage", "CustomRendition", "RateLimitCounter", "User"]
