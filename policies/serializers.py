"""How policy taxonomies and attachments appear inside a PolicyPage in the Wagtail API v2."""

from rest_framework import serializers


class IssuingBodySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()


class PolicyCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class IndustrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    """The file's title, absolute download URL, type and size: what an app needs to list it."""

    def to_representation(self, attachment):
        # Imported here: wagtail.api.v2.utils loads models, and page models import this module.
        from wagtail.api.v2.utils import get_full_url

        document = attachment.document
        return {
            "id": document.pk,
            "title": attachment.display_title,
            "download_url": get_full_url(self.context["request"], document.url),
            "file_extension": document.file_extension,
            "file_size": document.file_size,
        }


class PolicyReferenceSerializer(serializers.Serializer):
    """A link to another policy (the one an interpretation explains); nothing if unpublished."""

    def to_representation(self, policy):
        if not policy.live:
            return None
        return {
            "id": policy.pk,
            "title": policy.title,
            "html_url": policy.get_full_url(self.context["request"]),
        }
