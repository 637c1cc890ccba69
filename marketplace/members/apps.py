from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "marketplace.members"
    label = "members"
    verbose_name = "会员与审核"
    default_auto_field = "django.db.models.BigAutoField"
    # The content version of public marketplace fragments, bumped by any change here.
    public_content_tag = "marketplace"
