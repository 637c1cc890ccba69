"""Notice pages (活动通知, 项目申报, 新闻动态), their index and activity sign-ups."""

from notices.models.activities import ActivityAttachment, ActivityNoticePage
from notices.models.base import NoticeAttachmentBase, NoticeKind, NoticePageBase
from notices.models.declarations import (
    DeclarationAttachment,
    DeclarationStatus,
    ProjectDeclarationPage,
)
from notices.models.index import NoticeIndexPage
from notices.models.news import NewsAttachment, NewsPage
from notices.models.signups import ActivitySignUp

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
