from .index_page import PolicyIndexPage
from .policy_page import PolicyAttachment, PolicyPage, PolicyPageQuerySet, PolicyStatus
from .taxonomies import Industry, IssuingBody, PolicyCategory, PolicyLevel

__all__ = [
    "Industry",
    "IssuingBody",
    "PolicyAttachment",
    "PolicyCategory",
    "PolicyIndexPage",
    "PolicyLevel",
    "PolicyPage",
    "PolicyPageQuerySet",
    "PolicyStatus",
]
