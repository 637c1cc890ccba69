from .members import Enterprise, Industry, Institution
from .notifications import Notification
from .platforms import WindowPlatform, platforms_reviewed_by
from .qualifications import Qualification

__all__ = [
    "Enterprise",
    "Industry",
    "Institution",
    "Notification",
    "Qualification",
    "WindowPlatform",
    "platforms_reviewed_by",
]
