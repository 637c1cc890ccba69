from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages only (Wagtail's default already excludes drafts and private pages)."""


class PortalImagesAPIViewSet(ImagesAPIViewSet):
    pass


class PortalDocumentsAPIViewSet(DocumentsAPIViewSet):
    pass
