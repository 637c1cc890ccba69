"""Notice pages (活动通知, 项目申报, 新闻动态), their index and activity sign-ups."""

from .activities import ActivityAttachment, ActivityNoticePage
from .base import NoticeAttachmentBase, NoticeKind, NoticePageBase
from .declarations import DeclarationAttachment, DeclarationStatus, ProjectDeclarationPage
from .index import NoticeIndexPage
from .news import NewsAttachment, NewsPage
from .signups import ActivitySignUp

__all__ = [
    "ActivityAttachment",
    "ActivityNoticePage",
    "ActivitySignUp",
    "DeclarationAttachment",
    "DeclarationStatus",
    "NewsAttachment",
    "NewsPage",
    "NoticeAttachmentBase",
    "NoticeIndexPage",
    "NoticeKind",
    "NoticePageBase",
    "ProjectDeclarationPage",
]
