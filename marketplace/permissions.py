"""Who may see and act on what is reviewed by window platforms (row-level scoping).

A reviewer works on the institutions of their platform's subtree only; provincial staff and
superusers on everything. Wagtail's Django-permission checks say *what* a user may do with
qualifications; this policy adds *which* qualifications. Wagtail does not consult the policy in
every view, so `marketplace.admin.qualifications` also scopes every object URL of the viewset.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from marketplace.models.platforms import WindowPlatform, is_provincial_staff


class PlatformScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from groups, limited to objects of the platforms the user reviews.

    The model declares `review_platform_lookup` (the ORM path to its WindowPlatform) and
    `get_review_platform_id()`.
    """

    def _platform_filter(self, user):
        if is_provincial_staff(user):
            return Q()
        return Q(
            **{
                f"{self.model.review_platform_lookup}__in": WindowPlatform.platforms_reviewed_by(
                    user
                ).values("pk")
            }
        )

    def scoped_queryset(self, user, queryset=None):
        queryset = self.model._default_manager.all() if queryset is None else queryset
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return queryset.none()
        return queryset.filter(self._platform_filter(user))

    def user_can_access_object(self, user, instance):
        if is_provincial_staff(user):
            return True
        platform_id = instance.get_review_platform_id()
        return (
            platform_id is not None
            and WindowPlatform.platforms_reviewed_by(user).filter(pk=platform_id).exists()
        )

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
    from marketplace.models import Qualification

    return reviewed_model_policy(Qualification)


def user_may_read_private_files(user, qualification):
    """The owning institution's user, reviewers of its platform subtree, provincial staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if qualification.institution.user_id == user.pk:
        return True
    return qualification_policy().user_has_permission_for_instance(user, "view", qualification)
