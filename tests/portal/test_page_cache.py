"""The anonymous whole-page cache (portal/page_cache.py): fast, never stale, never misshared."""

import time

import pytest
from django.core.cache import cache as default_cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import path, resolve

from home.factories import StandardPageFactory
from marketplace.catalogue.models import Demand
from portal import page_cache
from portal.cache import bump_content_version
from portal.factories import UserFactory
from portal.page_cache import (
    _LOCAL_ENTRY_OVERHEAD,
    VERSION_TAGS,
    AnonymousPageCacheMiddleware,
    LocalPages,
    cache_public_page,
)
from tests.marketplace.catalogue.test_demands import make_demand
from tests.marketplace.catalogue_helpers import make_category


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def about(home_page):
    page = StandardPageFactory(parent=home_page, title="关于平台", slug="about")
    page.save_revision().publish()
    return page


def test_second_anonymous_request_is_served_without_queries(
    client, about, django_assert_num_queries
):
    client.get("/")  # the first request of a site creates its settings rows (a change)
    first = client.get("/about/")
    assert first.status_code == 200 and "关于平台" in first.content.decode()
    assert "Age" not in first
    with django_assert_num_queries(0):
        second = client.get("/about/")
    assert second.status_code == 200
    assert second.content == first.content
    assert "Age" in second
    # The headers the inner middleware added on the first render come with the stored copy.
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Cookie" in second["Vary"]


def test_publishing_shows_the_new_version_at_once(client, about):
    client.get("/about/")
    about.title = "关于本平台（新）"
    about.save_revision().publish()
    assert "关于本平台（新）" in client.get("/about/").content.decode()


def test_unpublished_page_is_gone_at_once(client, about):
    assert client.get("/about/").status_code == 200
    about.unpublish()
    assert client.get("/about/").status_code == 404


def test_each_language_has_its_own_copy(client, about):
    assert 'lang="zh-CN"' in client.get("/about/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/about/"})
    assert '<html lang="en"' in client.get("/about/").content.decode()


def test_members_never_get_the_stored_copy_and_theirs_is_not_stored(client, about):
    client.get("/about/")  # stored for anonymous visitors
    member = UserFactory(username="cache-member", display_name="王五")
    client.force_login(member)
    mine = client.get("/about/").content.decode()
    assert "王五" in mine and "Age" not in client.get("/about/")
    client.logout()
    anonymous = client.get("/about/").content.decode()
    assert "王五" not in anonymous


def test_public_pages_carry_no_csrf_token(client, about):
    """The header's language switch works without one, so every public page can be shared."""
    page = client.get("/about/")
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "csrftoken" not in page.cookies


def test_marketplace_take_down_empties_the_copy(client, db):
    from marketplace.members.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    demand = make_demand(enterprise, make_category(), title="寻找知识产权代理")
    url = demand.get_absolute_url()
    assert client.get(url).status_code == 200
    assert "寻找知识产权代理" in client.get("/demands/").content.decode()
    demand.status = Demand.Status.TAKEN_DOWN
    demand.takedown_reason = "信息不实"
    demand.save()
    assert client.get(url).status_code == 404
    assert "寻找知识产权代理" not in client.get("/demands/").content.decode()


def test_login_does_not_empty_the_cache(client, about):
    from portal.cache import content_version
    from portal.page_cache import SITE

    member = UserFactory(username="cache-login", password="Portal-Test-2026")
    before = content_version(SITE)
    client.post("/accounts/login/", {"username": "cache-login", "password": "Portal-Test-2026"})
    member.refresh_from_db()
    assert member.last_login is not None
    assert content_version(SITE) == before


# The middleware's rules, on views made for the purpose -------------------------------------


def middleware_for(view):
    def inner(request):
        # What Django's handler does inside the middleware: resolve, process_view, the view.
        request.resolver_match = resolve("/demands/")
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = AnonymousPageCacheMiddleware(inner)
    return middleware


def _with_cookie(response):
    response.set_cookie("flavour", "x")
    return response


def _private(response):
    response["Cache-Control"] = "private"
    return response


@pytest.mark.parametrize(
    ("opted_in", "make_response"),
    [
        pytest.param(True, lambda request: get_token(request) and HttpResponse("form"), id="csrf"),
        pytest.param(True, lambda request: HttpResponse("gone", status=404), id="not-200"),
        pytest.param(True, lambda request: _with_cookie(HttpResponse("cookie")), id="sets-cookie"),
        pytest.param(True, lambda request: _private(HttpResponse("private")), id="private"),
        pytest.param(False, lambda request: HttpResponse("plain"), id="view-did-not-opt-in"),
    ],
)
def test_responses_that_are_not_stored(db, opted_in, make_response):
    calls = []

    def view(request):
        calls.append(request)
        return make_response(request)

    if opted_in:
        view = cache_public_page(view)

    factory = RequestFactory()
    middleware = middleware_for(view)
    for _ in range(3):
        middleware(factory.get("/demands/"))
    assert len(calls) == 3, "every request must reach the view"


def _with_session(factory):
    request = factory.get("/demands/")
    request.COOKIES["sessionid"] = "abc"
    return request


@pytest.mark.parametrize(
    "make_request",
    [
        pytest.param(_with_session, id="session-cookie"),
        pytest.param(lambda factory: factory.post("/demands/"), id="post"),
    ],
)
def test_posts_and_session_holders_bypass_the_cache(db, make_request):
    calls = []

    @cache_public_page
    def view(request):
        calls.append(request)
        return HttpResponse("public")

    factory = RequestFactory()
    middleware = middleware_for(view)
    for _ in range(4):
        middleware(factory.get("/demands/"))
    assert len(calls) == 1, "stored on the first request, then served"
    middleware(make_request(factory))
    assert len(calls) == 2, "a stored copy is there, yet the request must reach the view"


def test_api_json_and_browsable_html_are_stored_apart(client, about):
    as_json = client.get("/api/v2/pages/")
    as_html = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_html["Content-Type"].startswith("text/html")
    assert client.get("/api/v2/pages/")["Content-Type"].startswith("application/json")
    assert "Age" in client.get("/api/v2/pages/")


def test_views_that_did_not_opt_in_cost_no_cache_round_trip(client, about, monkeypatch):
    """A form, the member centre or a minimal view must not pay for the page cache."""
    from django.core.cache import cache as default_cache

    reads = []
    real_get_many = default_cache.get_many
    monkeypatch.setattr(
        default_cache, "get_many", lambda keys, **kw: reads.append(keys) or real_get_many(keys)
    )
    client.get("/accounts/login/")
    client.get("/search/", {"q": "融资"})
    page_reads = [keys for keys in reads if any(key.startswith("portal:page:") for key in keys)]
    assert len(page_reads) == 1, "only the search (which opted in) looks for a stored page"


# Each worker's own copies (LocalPages) -------------------------------------------------------


def counting_view(renders):
    @cache_public_page
    def view(request):
        renders.append(request)
        return HttpResponse(f"render {len(renders)}")

    return view


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys of every `get_many` made on the shared cache."""
    reads = []
    real_get_many = default_cache.get_many
    monkeypatch.setattr(
        default_cache, "get_many", lambda keys, **kw: reads.append(keys) or real_get_many(keys)
    )
    return reads


def _page_keys(reads):
    return [key for keys in reads for key in keys if key.startswith("portal:page:")]


def test_a_worker_serves_its_own_copy_and_reads_only_the_versions(db, cache_reads):
    renders = []
    worker = middleware_for(counting_view(renders))
    factory = RequestFactory()
    worker(factory.get("/demands/"))
    (page_key,) = _page_keys(cache_reads)
    default_cache.delete(page_key)  # the page (tens of KB) need not come from the shared cache
    cache_reads.clear()
    response = worker(factory.get("/demands/"))
    assert response.content == b"render 1" and "Age" in response
    assert len(renders) == 1
    assert cache_reads and not _page_keys(cache_reads), "only the content versions are read"


@pytest.mark.parametrize("tag", VERSION_TAGS)
def test_any_version_bump_retires_every_workers_copy(db, tag):
    renders = []
    view = counting_view(renders)
    worker, other_worker = middleware_for(view), middleware_for(view)
    factory = RequestFactory()
    assert worker(factory.get("/demands/")).content == b"render 1"
    assert other_worker(factory.get("/demands/")).content == b"render 1"  # now kept there too
    bump_content_version(tag)
    assert worker(factory.get("/demands/")).content == b"render 2"
    # Its own copy is out of date: the other worker serves the one stored after the bump.
    assert other_worker(factory.get("/demands/")).content == b"render 2"
    assert len(renders) == 2


def _frozen(body=b"page", age=0):
    return (body, 200, {"Content-Type": "text/html; charset=utf-8"}, time.time() - age)


def test_a_copy_is_not_kept_longer_than_the_page_cache_seconds(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    pages = LocalPages()
    pages.put("recent", (1, 1, 1), _frozen(age=290))
    pages.put("old", (1, 1, 1), _frozen(age=310))
    assert pages.get("recent") is not None
    assert pages.get("old") is None


def test_copies_stay_within_the_byte_budget_dropping_the_least_recently_used(settings):
    body = b"x" * 1000
    settings.PORTAL_PAGE_CACHE_LOCAL_BYTES = 3 * (len(body) + _LOCAL_ENTRY_OVERHEAD)
    pages = LocalPages()
    for key in "abc":
        pages.put(key, (1, 1, 1), _frozen(body))
    pages.get("a")
    pages.put("d", (1, 1, 1), _frozen(body))
    assert [key for key in "abcd" if pages.get(key)] == ["a", "c", "d"]
    pages.put("huge", (1, 1, 1), _frozen(b"x" * settings.PORTAL_PAGE_CACHE_LOCAL_BYTES))
    assert pages.get("huge") is None and len(pages) == 3

    settings.PORTAL_PAGE_CACHE_LOCAL_BYTES = 0  # turns the local copies off
    pages = LocalPages()
    pages.put("a", (1, 1, 1), _frozen(body))
    assert len(pages) == 0


def test_a_path_that_opted_in_is_resolved_once(db, monkeypatch):
    resolved = []
    real_resolve = page_cache.resolve
    monkeypatch.setattr(
        page_cache,
        "resolve",
        lambda path, urlconf=None: resolved.append(path) or real_resolve(path, urlconf),
    )
    middleware = middleware_for(counting_view([]))
    factory = RequestFactory()
    for _ in range(3):
        middleware(factory.get("/demands/"))
    for _ in range(2):
        middleware(factory.get("/accounts/login/"))  # did not opt in: resolved as before
    assert resolved == ["/demands/", "/accounts/login/", "/accounts/login/"]


# Where `/demands/` leads to a view that did not opt in.
urlpatterns = [path("demands/", lambda request: HttpResponse("elsewhere"))]


def test_what_a_path_resolved_to_is_remembered_per_urlconf(db):
    renders = []
    middleware = middleware_for(counting_view(renders))
    factory = RequestFactory()
    middleware(factory.get("/demands/"))
    request = factory.get("/demands/")
    request.urlconf = __name__
    middleware(request)
    assert len(renders) == 2, "under this urlconf the path did not opt in: not served from cache"
