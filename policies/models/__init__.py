from policies.models.index_page import PolicyIndexPage
from policies.models.policy_page import (
    PolicyAttachment,
    PolicyPage,
    PolicyPageQuerySet,
    PolicyStatus,
)
from policies.models.taxonomies import Industry, IssuingBody, PolicyCategory, PolicyLevel

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
