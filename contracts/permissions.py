"""Who may read a contract and its private files: the two parties and platform staff
(superusers, 省平台运营, reviewers of the institution's platform subtree). Everyone else gets
the same 404 as for a contract that does not exist."""

from marketplace.members.scoping import may_see


def is_platform_staff_for(user, contract):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return may_see(user, contract)


def user_may_read_contract(user, contract):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if contract.is_enterprise_user(user) or contract.is_institution_user(user):
        return True
    return is_platform_staff_for(user, contract)


def _is_reviewer(user):
    from marketplace.members.models.platforms import is_provincial_staff

    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (is_provincial_staff(user) or user.reviewed_platforms.exists())
    )


def make_contract_policy():
    """Admin access to contracts: view only, for provincial staff (all) and reviewers (their
    platform subtree). Nobody adds, edits or deletes a contract in the admin: contracts change
    only through their transitions, by the two parties."""
    from django.contrib.auth import get_user_model

    from contracts.models import Contract
    from marketplace.members.permissions import PlatformScopedPermissionPolicy

    class _ContractPolicy(PlatformScopedPermissionPolicy):
        def user_has_permission(self, user, action):
            return action == "view" and _is_reviewer(user)

        def user_has_any_permission(self, user, actions):
            return any(self.user_has_permission(user, action) for action in actions)

        def users_with_any_permission(self, actions):
            return get_user_model().objects.none()

    return _ContractPolicy(Contract)
