from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "活动通知与项目申报"
    default_auto_field = "django.db.models.BigAutoField"
