from .documents import CustomDocument
from .images import CustomImage, CustomRendition
from .ratelimit import RateLimitCounter
from .users import User

__all__ = ["CustomDocument", "CustomImage", "CustomRendition", "RateLimitCounter", "User"]
