"""Who may see and act on what is reviewed by window platforms (row-level scoping).

A reviewer works on the institutions of their platform's subtree only; provincial staff and
superusers on everything. Wagtail's Django-permission checks say *what* a user may do with
qualifications; this policy adds *which* ones, by the rule of `marketplace.members.scoping`. Wagtail
does not consult the policy in every view, so `marketplace.members.admin.scoping` also scopes every
listing, chooser and object URL of the viewsets by the same rule.
"""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from marketplace.members.scoping import may_see, visible_rows


class PlatformScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from groups, limited to the objects `marketplace.members.scoping` lets the
    user see (the model is listed in its PLATFORM_SCOPES)."""

    def scoped_queryset(self, user, queryset=None):
        return visible_rows(user, self.model, queryset)

    def user_can_access_object(self, user, instance):
        return may_see(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.user_can_access_object(
            user, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.user_can_access_object(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scoped_queryset(user)


class ModerationOnlyPermissionPolicy(ModelPermissionPolicy):
    """For what members write and staff only moderate (demands, reports): nobody adds in the
    admin, whatever their groups say."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "add"])


def reviewed_model_policy(model):
    return policy_registry.get_by_type(model)


def qualification_policy():
    from marketplace.members.models import Qualification

    return reviewed_model_policy(Qualification)


def user_may_read_private_files(user, qualification):
    """The owning institution's user, reviewers of its platform subtree, provincial staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if qualification.institution.user_id == user.pk:
        return True
    return qualification_policy().user_has_permission_for_instance(user, "view", qualification)
