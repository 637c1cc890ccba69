"""Wagtail's own upload paths (admin add, multiple upload, chooser, images API) use the portal's
upload check through WAGTAILIMAGES_IMAGE_FORM_BASE / WAGTAILDOCS_DOCUMENT_FORM_BASE."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form, get_image_multi_form
from wagtail.models import Collection

from portal.upload_forms import PortalDocumentFileField, PortalImageFileField
from tests.portal.bad_files import GOOD_IMAGES, GOOD_PDF, bad_uploads_for, stored_files, upload

Image = get_image_model()
Document = get_document_model()
IMAGE_CASES = bad_uploads_for(accepts_images=True, accepts_pdf=False)
DOCUMENT_CASES = bad_uploads_for(accepts_images=False, accepts_pdf=True)


@pytest.fixture
def editor_client(client, admin_user):
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    client.force_login(admin_user)
    return client


def multiple_upload(client, app, name, content):
    root = Collection.get_first_root_node()
    return client.post(
        reverse(f"{app}:add_multiple"),
        {"files[]": upload(name, content), "collection": root.pk, "title": name},
    )


@pytest.mark.parametrize(
    ("name", "content", "message"), IMAGE_CASES, ids=[c[0] for c in IMAGE_CASES]
)
def test_wagtail_image_upload_refuses(editor_client, name, content, message):
    before = stored_files()
    response = multiple_upload(editor_client, "wagtailimages", name, content)
    data = response.json()
    assert data["success"] is False and message in data["error_message"]
    assert not Image.objects.exists() and stored_files() == before


@pytest.mark.parametrize(("name", "content"), GOOD_IMAGES)
def test_wagtail_image_upload_accepts(editor_client, name, content):
    response = multiple_upload(editor_client, "wagtailimages", name, content)
    assert response.json()["success"] is True
    assert Image.objects.count() == 1


def test_wagtail_image_add_view_refuses_a_bomb(editor_client):
    name, content, message = IMAGE_CASES[0]
    root = Collection.get_first_root_node()
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "bomb", "file": upload(name, content), "collection": root.pk},
    )
    assert message in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"), DOCUMENT_CASES, ids=[c[0] for c in DOCUMENT_CASES]
)
def test_wagtail_document_upload_refuses(editor_client, name, content, message):
    before = stored_files()
    response = multiple_upload(editor_client, "wagtaildocs", name, content)
    data = response.json()
    assert data["success"] is False and message in data["error_message"]
    assert not Document.objects.exists() and stored_files() == before


def test_wagtail_document_upload_accepts_a_clean_pdf(editor_client):
    response = multiple_upload(editor_client, "wagtaildocs", *GOOD_PDF)
    assert response.json()["success"] is True
    assert Document.objects.count() == 1


def test_forms_use_the_portal_fields_and_edit_forms_stay_without_a_file(db):
    from wagtail.documents.forms import get_document_form

    assert isinstance(get_image_form(Image)().fields["file"], PortalImageFileField)
    assert isinstance(get_document_form(Document)().fields["file"], PortalDocumentFileField)
    assert "file" not in get_image_multi_form(Image)().fields
