"""Institutions in every qualification state, for the tests of what the public may see.

Only an institution whose 资质表 its platform's review approved (and whose account is active) is
public. The states are reached through the real code paths (member centre saves, workflow,
reviewer actions, unpublishing); `forge_flag` then sets the old `is_approved` flag by hand, as
the demo seed used to, to prove that the flag alone makes nothing public.
"""

from django.utils import timezone

from marketplace.members.demo.qualifications import qualification_values, review, save_qualification
from marketplace.members.factories import InstitutionFactory
from marketplace.members.models import Institution, Qualification
from marketplace.members.workflows import ensure_review_setup
from portal.factories import UserFactory

# Never approved, or no longer: none of these may be public.
UNAPPROVED_STATES = ("none", "draft", "pending", "rejected", "unpublished", "live_by_default")


def platform_reviewer(platform):
    ensure_review_setup()  # idempotent; a transactional test may have flushed the groups
    reviewer = platform.reviewers.first()
    if reviewer is None:
        reviewer = UserFactory(username=f"reviewer-{platform.pk}")
        platform.reviewers.add(reviewer)
    return reviewer


def submit(institution):
    return save_qualification(institution, qualification_values(institution), submit=True)


def approve(institution):
    """Submit the institution's 资质表 and have its platform's reviewer approve it."""
    return review(submit(institution), platform_reviewer(institution.platform), "approve")


def approve_pending(institution):
    """The platform's reviewer approves the review in progress."""
    qualification = Qualification.objects.get(institution=institution)
    return review(qualification, platform_reviewer(institution.platform), "approve")


def reject(institution):
    return review(submit(institution), platform_reviewer(institution.platform), "reject", "不清晰")


def unpublish(institution):
    qualification = Qualification.objects.get(institution=institution)
    qualification.unpublish(user=platform_reviewer(institution.platform))
    return qualification


def forge_flag(institution):
    """Set the `is_approved` flag directly, bypassing review."""
    Institution.objects.filter(pk=institution.pk).update(
        is_approved=True, approved_at=timezone.now()
    )
    institution.refresh_from_db()
    return institution


def institution_in_state(state, platform, *, forged=True, **fields):
    """An institution whose qualification is in `state` (see `UNAPPROVED_STATES`, or
    "approved"); unless `forged=False`, with the `is_approved` flag set by hand too."""
    institution = InstitutionFactory(platform=platform, **fields)
    if state == "draft":
        save_qualification(institution, qualification_values(institution))
    elif state == "pending":
        submit(institution)
    elif state == "rejected":
        reject(institution)
    elif state in ("approved", "unpublished"):
        approve(institution)
        if state == "unpublished":
            unpublish(institution)
    elif state == "live_by_default":
        # Saved directly, never reviewed: DraftStateMixin makes the row live by default.
        Qualification.objects.create(institution=institution, legal_name=institution.name)
    elif state != "none":
        raise ValueError(state)
    return forge_flag(institution) if forged else institution
