from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "marketplace.catalogue"
    label = "catalogue"
    verbose_name = "服务与产品目录"
    default_auto_field = "django.db.models.BigAutoField"
    # The content version of public marketplace fragments, bumped by any change here.
    public_content_tag = "marketplace"
