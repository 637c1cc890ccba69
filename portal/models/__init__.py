from .documents import CustomDocument
from .images import CustomImage, CustomRendition
from .users import User

__all__ = ["CustomDocument", "CustomImage", "CustomRendition", "User"]
