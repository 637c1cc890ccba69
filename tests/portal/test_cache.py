from home.factories import StandardPageFactory
from portal.cache import content_version


def test_publishing_or_deleting_a_page_bumps_the_pages_version(home_page):
    before = content_version()
    page = StandardPageFactory(parent=home_page, live=False)
    page.save_revision().publish()
    after_publish = content_version()
    assert after_publish > before
    page.refresh_from_db()
    page.unpublish()
    after_unpublish = content_version()
    assert after_unpublish > after_publish
    page.delete()
    assert content_version() > after_unpublish


def test_marketplace_tag_is_independent(home_page):
    from portal.cache import bump_content_version

    pages = content_version()
    market = content_version("marketplace")
    bump_content_version("marketplace")
    assert content_version("marketplace") == market + 1
    assert content_version() == pages
