import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from marketplace.members.demo.scale import INSTITUTION_PREFIX
from marketplace.members.models import Institution, Qualification, WindowPlatform


def test_seed_demo_refuses_a_scale_below_one(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "0")


# The marketplace's demo institutions (issue 14) ----------------------------------------------


def seed_marketplace():
    call_command("seed_demo", "--only", "home", "marketplace", stdout=open("/dev/null", "w"))  # noqa: SIM115


def city_of(platform):
    """The city platform a window platform belongs to (itself, or its city ancestor)."""
    if platform.kind == WindowPlatform.Kind.CITY:
        return platform
    return platform.get_ancestors().get(kind=WindowPlatform.Kind.CITY)


def demo_institutions():
    return (
        Institution.objects.exclude(user__username__startswith=INSTITUTION_PREFIX)
        .select_related("platform", "qualification")
        .order_by("pk")
    )


def assert_public_only_through_approved_qualifications(client):
    public = set(Institution.objects.approved().values_list("pk", flat=True))
    assert public  # the demo shows some institutions …
    assert public != set(Institution.objects.values_list("pk", flat=True))  # … and hides others
    for institution in demo_institutions():
        qualification = getattr(institution, "qualification", None)
        approved = bool(qualification and qualification.live and qualification.live_revision_id)
        assert (institution.pk in public) == approved, institution.name
        # The mirror the member centre shows agrees with the qualification.
        assert institution.is_approved == approved, institution.name
        if approved:
            # It went through the review: a reviewer approved the published revision.
            assert qualification.review_status in (
                Qualification.ReviewStatus.APPROVED,
                Qualification.ReviewStatus.IN_REVIEW,  # an approved one with a change in review
            )
    listed = client.get("/api/v2/institutions/?limit=100").json()
    assert {item["id"] for item in listed["items"]} == public
    for institution in demo_institutions():
        status = client.get(f"/institutions/{institution.pk}/").status_code
        assert status == (200 if institution.pk in public else 404), institution.name


def assert_every_institution_sits_in_its_platforms_city():
    platforms = WindowPlatform.objects.exclude(kind=WindowPlatform.Kind.PROVINCE)
    # "长沙", "浏阳", "醴陵", …: the region a platform's name starts with, and its city.
    places = {platform.region_name[:2]: city_of(platform) for platform in platforms}
    for institution in demo_institutions():
        city = city_of(institution.platform)
        assert institution.region_code[:4] == city.region_code[:4], institution.name
        named = {place for place, place_city in places.items() if place in institution.name}
        for place in named:
            assert places[place] == city, f"{institution.name} sits on {institution.platform}"


def test_seed_demo_makes_institutions_public_only_through_approved_qualifications(db, client):
    seed_marketplace()
    assert_public_only_through_approved_qualifications(client)
    assert_every_institution_sits_in_its_platforms_city()
    assert Institution.objects.get(name="长沙市中小企业服务中心").platform.name == (
        "长沙市综合性窗口平台"
    )


def test_seed_demo_again_repairs_an_earlier_seeds_institutions(db, client):
    seed_marketplace()
    # What the earlier seed did: 长沙市中小企业服务中心 on the 株洲 platform, and the flag set
    # directly on institutions whose qualification was never approved.
    zhuzhou = WindowPlatform.objects.get(name="株洲市综合性窗口平台")
    Institution.objects.filter(name="长沙市中小企业服务中心").update(
        platform=zhuzhou,
        region_code=zhuzhou.region_code,
        region_name=zhuzhou.region_name,
        introduction="长沙市中小企业服务中心立足株洲市，服务全省中小企业。",
    )
    unapproved = Institution.objects.exclude(pk__in=Institution.objects.approved())
    Institution.objects.filter(pk__in=unapproved.values("pk")).update(is_approved=True)

    seed_marketplace()
    assert_public_only_through_approved_qualifications(client)
    assert_every_institution_sits_in_its_platforms_city()
    moved_back = Institution.objects.get(name="长沙市中小企业服务中心")
    assert moved_back.platform.name == "长沙市综合性窗口平台"
    assert moved_back.region_name == "长沙市" and "立足长沙市" in moved_back.introduction


# The default site is the address the portal is served at (issue 15) --------------------------


def seed_home():
    call_command("seed_demo", "--only", "home", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_serves_the_site_at_base_url_and_api_urls_are_usable(db, client, settings):
    # The default BASE_URL, as `make run` serves the portal.
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = "http://127.0.0.1:8000"
    # An earlier seed left the placeholder localhost:80 site: seeding again repairs it.
    seed_home()
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    seed_home()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    page = Page.objects.live().filter(depth=3).order_by("path").first().specific
    detail = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert detail["meta"]["html_url"].startswith("http://127.0.0.1:8000/")
    assert detail["meta"]["detail_url"] == f"http://127.0.0.1:8000/api/v2/pages/{page.pk}/"
    # The html_url, requested as given, is that page.
    served = client.get(detail["meta"]["html_url"])
    assert served.status_code == 200
    assert page.title in served.content.decode()


def test_seed_demo_follows_an_https_base_url(db, settings):
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = "https://sme.hunan.example.cn"
    seed_home()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("sme.hunan.example.cn", 443)
    assert site.root_url == "https://sme.hunan.example.cn"
