"""The models of this app. Their tables keep the names they had before the split
(`marketplace_…`, decision 0009)."""

from marketplace.members.models.members import Enterprise, Industry, Institution
from marketplace.members.models.notifications import Notification
from marketplace.members.models.platforms import WindowPlatform, platforms_reviewed_by
from marketplace.members.models.qualifications import Qualification
from marketplace.members.workflows import PlatformReviewTask

__all__ = [
    "Enterprise",
    "Industry",
    "Institution",
    "Notification",
    "PlatformReviewTask",
    "Qualification",
    "WindowPlatform",
    "platforms_reviewed_by",
]
