from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "marketplace.catalogue"
    label = "catalogue"
    verbose_name = "服务与产品目录"
    default_auto_field = "django.db.models.BigAutoField"
    # The content version of public marketplace fragments, bumped by any change here.
    public_content_tag = "marketplace"

    def ready(self):
        from marketplace.catalogue import image_visibility  # noqa: F401  (signal handlers)
        from marketplace.catalogue.images import PRODUCT_RENDITION_SPECS
        from marketplace.members.media import LOGO_RENDITIONS
        from portal.images import register_public_rendition_specs

        # The sizes public pages read of a member's image (product and service pictures, logos,
        # the services API's cover): public while a public record uses the image.
        register_public_rendition_specs(*PRODUCT_RENDITION_SPECS, *LOGO_RENDITIONS)
