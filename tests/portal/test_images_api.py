import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.factories import ImageFactory
from portal.images import API_RENDITIONS, generate_renditions
from portal.models import CustomImage, CustomRendition


def make_images(count):
    images = ImageFactory.create_batch(count)
    for image in images:
        # What the background task does after an upload commits.
        generate_renditions.call(image.pk, list(API_RENDITIONS.values()))
    return images


def test_saving_an_image_queues_its_api_sizes(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    specs = set(CustomRendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert specs == set(API_RENDITIONS.values())


def test_images_api_lists_pregenerated_sizes_without_rendering(client, db):
    make_images(2)
    before = CustomRendition.objects.count()
    response = client.get("/api/v2/images/?fields=thumbnail,large,alt_text")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["thumbnail"]["width"] == 400 and item["thumbnail"]["height"] == 300
    assert item["large"]["url"].startswith("/media/")
    assert CustomRendition.objects.count() == before


def test_an_image_without_renditions_shows_null_and_none_is_made(client, db):
    ImageFactory()  # on_commit never runs inside the test transaction: no renditions yet
    response = client.get("/api/v2/images/?fields=thumbnail")
    assert response.json()["items"][0]["thumbnail"] is None
    assert not CustomRendition.objects.exists()


@pytest.mark.parametrize("fields", ["thumbnail,large", "thumbnail"])
def test_images_api_query_count_does_not_grow_with_rows(client, db, fields):
    def count_for(total):
        make_images(total - CustomImage.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v2/images/?fields={fields}&limit=100")
        assert response.json()["meta"]["total_count"] == total
        return len(queries)

    assert count_for(10) == count_for(100)


def test_bad_filter_value_is_a_400(client, db):
    assert client.get("/api/v2/images/?width=abc").status_code == 400


def test_generate_renditions_command_backfills_missing_sizes(db):
    from django.core.management import call_command

    image = ImageFactory()
    call_command("generate_renditions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    specs = set(CustomRendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert specs == set(API_RENDITIONS.values())


def test_image_urls_are_absolute_at_the_configured_base(client, db, settings):
    settings.WAGTAILAPI_BASE_URL = settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    image = make_images(1)[0]
    item = client.get("/api/v2/images/?fields=download_url,large").json()["items"][0]
    assert item["meta"]["download_url"] == f"http://127.0.0.1:8000{image.file.url}"
    assert item["large"]["full_url"].startswith("http://127.0.0.1:8000/media/")
