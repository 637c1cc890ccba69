"""API v2 pages: rich text and StreamField usable as given (absolute links, images inline)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.factories import StandardPageFactory
from notices.factories import NoticeIndexPageFactory, ProjectDeclarationPageFactory
from notices.models import NoticeKind
from portal.factories import DocumentFactory, ImageFactory
from portal.images import API_RENDITIONS

BASE = "https://portal.example"


@pytest.fixture(autouse=True)
def api_base_url(settings):
    settings.WAGTAILAPI_BASE_URL = BASE


def _body(target, image, document, block_image):
    return json.dumps(
        [
            {
                "type": "paragraph",
                "value": (
                    f'<p>详见<a linktype="page" id="{target.pk}">关于我们</a>，'
                    f'附件<a linktype="document" id="{document.pk}">申报指南</a>，'
                    f'<a href="https://www.gov.cn/">中国政府网</a>。</p>'
                    f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="厂房"/>'
                ),
            },
            {
                "type": "image",
                "value": {"image": block_image.pk, "decorative": False, "alt_text": "园区全景"},
            },
            {"type": "heading", "value": "申报条件"},
        ]
    )


@pytest.fixture
def page(home_page):
    target = StandardPageFactory(parent=home_page, title="关于我们", slug="about")
    image, block_image = ImageFactory(), ImageFactory()
    for each in (image, block_image):
        each.get_renditions(*API_RENDITIONS.values())  # made in the background on upload
    document = DocumentFactory(title="申报指南")
    page = StandardPageFactory(
        parent=home_page, slug="guide", body=_body(target, image, document, block_image)
    )
    return page, target, image, block_image, document


def test_rich_text_links_and_images_are_absolute(client, page):
    page, target, image, block_image, document = page
    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    paragraph = body[0]["value"]
    assert f'href="{BASE}/about/"' in paragraph
    assert f'href="{BASE}/documents/{document.pk}/' in paragraph
    assert 'href="https://www.gov.cn/"' in paragraph
    large = image.get_rendition(API_RENDITIONS["large"])
    assert f'src="{BASE}{large.url}"' in paragraph
    assert f'width="{large.width}"' in paragraph and 'alt="厂房"' in paragraph
    assert 'href="/' not in paragraph and 'src="/' not in paragraph
    assert body[2] == {"type": "heading", "value": "申报条件", "id": body[2]["id"]}


def test_image_block_carries_its_sizes(client, page):
    page, target, image, block_image, document = page
    block = client.get(f"/api/v2/pages/{page.pk}/").json()["body"][1]
    assert block["type"] == "image"
    value = block["value"]
    assert value["image"] == block_image.pk
    for name, spec in API_RENDITIONS.items():
        rendition = block_image.get_rendition(spec)
        assert value[name] == {
            "url": f"{BASE}{rendition.url}",
            "width": rendition.width,
            "height": rendition.height,
            "alt": "园区全景",
        }


def test_a_size_not_made_yet_is_never_rendered_in_the_request(client, home_page):
    image = ImageFactory()
    page = StandardPageFactory(
        parent=home_page,
        body=json.dumps(
            [
                {
                    "type": "paragraph",
                    "value": f'<embed embedtype="image" id="{image.pk}" format="left" alt=""/>',
                },
                {"type": "image", "value": {"image": image.pk, "decorative": True, "alt_text": ""}},
            ]
        ),
    )
    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    assert "<img" not in body[0]["value"]
    assert body[1]["value"]["thumbnail"] is None and body[1]["value"]["large"] is None
    assert image.renditions.count() == 0


def test_rich_text_fields_are_expanded_too(client, home_page):
    target = StandardPageFactory(parent=home_page, title="政策解读", slug="reading")
    index = NoticeIndexPageFactory(parent=home_page, kind=NoticeKind.DECLARATION)
    declaration = ProjectDeclarationPageFactory(
        parent=index, eligibility=f'<p>见<a linktype="page" id="{target.pk}">解读</a></p>'
    )
    detail = client.get(f"/api/v2/pages/{declaration.pk}/").json()
    assert f'href="{BASE}/reading/"' in detail["eligibility"]
    # Wagtail's other formats stay as they were.
    raw = client.get(f"/api/v2/pages/{declaration.pk}/?rich_text_format=db_html").json()
    assert f'linktype="page" id="{target.pk}"' in raw["eligibility"]


def test_body_listing_query_count_is_fixed(client, page, home_page):
    _, target, image, block_image, document = page
    url = "/api/v2/pages/?type=home.StandardPage&fields=body&limit=100"

    def add(count):
        for _ in range(count):
            StandardPageFactory(parent=home_page, body=_body(target, image, document, block_image))

    add(8)  # with the fixture's two: 10 pages
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(url).json()["items"]) == 10
    add(90)
    with CaptureQueriesContext(connection) as hundred:
        assert len(client.get(url).json()["items"]) == 100
    assert len(hundred) == len(ten)
