"""`seed_demo --scale N`: bulk demo data in proportion to N, public, searchable, and idempotent."""

import hashlib
import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import class_is_indexed

from contracts.models import Contract, ContractDocument
from marketplace.catalogue.models import Demand, EnterpriseProduct, ServiceProduct
from marketplace.members.demo.scale import ENTERPRISE_PREFIX, INSTITUTION_PREFIX
from marketplace.members.models import Enterprise, Institution, Qualification, WindowPlatform
from marketplace.trade.demo.scale import ORDER_KEY_PREFIX
from marketplace.trade.models import Evaluation, Order
from policies.demo.scale import SLUG_PREFIX
from policies.factories import PolicyPageFactory
from policies.models import PolicyIndexPage, PolicyPage
from portal import demo_scale
from portal.demo_scale import SCALE_PASSWORD
from portal.page_cache import VERSION_TAGS
from tests.portal.test_seed_demo import city_of


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def scale_querysets():
    """Each kind of scale row, as (name, queryset, rows per scale unit)."""
    return [
        (
            "institutions",
            Institution.objects.filter(user__username__startswith=INSTITUTION_PREFIX),
            50,
        ),
        (
            "enterprises",
            Enterprise.objects.filter(user__username__startswith=ENTERPRISE_PREFIX),
            50,
        ),
        (
            "service products",
            ServiceProduct.objects.filter(
                institution__user__username__startswith=INSTITUTION_PREFIX
            ),
            200,
        ),
        (
            "enterprise products",
            EnterpriseProduct.objects.filter(
                enterprise__user__username__startswith=ENTERPRISE_PREFIX
            ),
            300,
        ),
        (
            "demands",
            Demand.objects.filter(enterprise__user__username__startswith=ENTERPRISE_PREFIX),
            100,
        ),
        ("policies", PolicyPage.objects.filter(slug__startswith=SLUG_PREFIX), 40),
        ("orders", Order.objects.filter(idempotency_key__startswith=ORDER_KEY_PREFIX), 50),
    ]


def counts():
    return {
        "scale": {name: queryset.count() for name, queryset, _ in scale_querysets()},
        "all": {
            model._meta.label: model.objects.count()
            for model in (
                get_user_model(),
                Institution,
                Qualification,
                Enterprise,
                ServiceProduct,
                EnterpriseProduct,
                Demand,
                Order,
                Evaluation,
                Contract,
                ContractDocument,
                Page,
            )
        },
    }


def listing_shows(client, url, scale_urls):
    """Whether the first or the last page of a public listing links to a scale row."""
    pages = [client.get(url), client.get(url + "?page=last")]
    assert all(response.status_code == 200 for response in pages), url
    html = "".join(response.content.decode() for response in pages)
    return any(f'href="{scale_url}"' in html for scale_url in scale_urls)


def test_scale_two_adds_one_unit_of_public_searchable_rows_once(db, client):
    output = seed("--scale", "2")
    assert "规模 2" in output

    # One scale unit of each kind (scale 1 is the normal demo data).
    for name, queryset, per_unit in scale_querysets():
        assert queryset.count() == per_unit, name

    # What the public listings require: approved institutions, live products, open demands.
    assert (
        Institution.objects.approved().filter(user__username__startswith=INSTITUTION_PREFIX).count()
        == 50
    )
    assert (
        ServiceProduct.objects.public()
        .filter(institution__user__username__startswith=INSTITUTION_PREFIX)
        .count()
        == 200
    )
    assert (
        EnterpriseProduct.objects.public()
        .filter(enterprise__user__username__startswith=ENTERPRISE_PREFIX)
        .count()
        == 300
    )
    assert (
        Demand.objects.public()
        .filter(enterprise__user__username__startswith=ENTERPRISE_PREFIX)
        .count()
        == 100
    )
    assert PolicyPage.objects.live().public().filter(slug__startswith=SLUG_PREFIX).count() == 40
    approved = Qualification.objects.filter(
        institution__user__username__startswith=INSTITUTION_PREFIX,
        live=True,
        review_status=Qualification.ReviewStatus.APPROVED,
    )
    assert approved.count() == 50

    # Orders in every state; contracts for those past 制作合同, sharing one real PDF.
    orders = Order.objects.filter(idempotency_key__startswith=ORDER_KEY_PREFIX)
    assert set(orders.values_list("status", flat=True)) == set(Order.Status.values)
    past_contracting = orders.exclude(status__in=[Order.Status.PLACED, Order.Status.CANCELLED])
    assert Contract.objects.filter(order__in=past_contracting).count() == past_contracting.count()
    assert (
        Evaluation.objects.filter(order__in=orders).count()
        == orders.filter(status=Order.Status.EVALUATED).count()
    )
    confirmed = Contract.objects.filter(order__in=orders, confirmed_at__isnull=False)
    assert confirmed.exists()
    assert confirmed.values("pdf", "pdf_sha256").distinct().count() == 1
    contract = confirmed.first()
    with contract.pdf.open("rb") as pdf:
        assert hashlib.sha256(pdf.read()).hexdigest() == contract.pdf_sha256

    # The page tree stays consistent.
    assert Page.find_problems() == ([], [], [], [], [])
    index = PolicyIndexPage.objects.get()
    assert index.numchild == index.get_children().count()

    # Detail pages of each kind answer; listings show scale rows.
    policy = PolicyPage.objects.filter(slug__startswith=SLUG_PREFIX).last()
    service = ServiceProduct.objects.filter(
        institution__user__username__startswith=INSTITUTION_PREFIX
    ).last()
    product = EnterpriseProduct.objects.filter(
        enterprise__user__username__startswith=ENTERPRISE_PREFIX
    ).last()
    demand = Demand.objects.filter(enterprise__user__username__startswith=ENTERPRISE_PREFIX).last()
    institution = Institution.objects.filter(user__username__startswith=INSTITUTION_PREFIX).last()
    for url in [
        policy.url,
        service.get_absolute_url(),
        product.get_absolute_url(),
        demand.get_absolute_url(),
        f"/institutions/{institution.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert policy.title in client.get(policy.url).content.decode()

    _, policies, _ = scale_querysets()[5]
    listings = {
        "/policies/": [page.url for page in policies],
        "/services/": [p.get_absolute_url() for p in scale_querysets()[2][1]],
        "/products/": [p.get_absolute_url() for p in scale_querysets()[3][1]],
        "/demands/": [d.get_absolute_url() for d in scale_querysets()[4][1]],
        "/institutions/": [f"/institutions/{i.pk}/" for i in scale_querysets()[0][1]],
    }
    for url, scale_urls in listings.items():
        assert listing_shows(client, url, scale_urls), url

    # Search finds scale rows: the site search for a policy, the backend for every indexed kind.
    response = client.get("/search/", {"q": policy.title})
    assert policy.url in response.content.decode()
    backend = get_search_backend()
    for row in (policy, service, product, demand, institution):
        model = type(row)
        if not class_is_indexed(model):
            continue
        term = re.sub(r"[（）()\s]", " ", str(row)).split()[0]
        found = [obj.pk for obj in backend.search(term, model)[:1000]]
        assert row.pk in found, (model, term)

    # Scale members can log in with the shared password and use their centre.
    assert client.login(username=f"{ENTERPRISE_PREFIX}000001", password=SCALE_PASSWORD)
    assert client.get("/center/", follow=True).status_code == 200
    assert client.get("/center/orders/").status_code == 200

    # Running again with the same scale adds nothing.
    seeded = counts()
    seed("--scale", "2")
    assert counts() == seeded


def test_policies_top_up_keeps_the_page_tree_consistent(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    bumped = []
    monkeypatch.setattr(demo_scale, "bump_content_version", lambda *tags: bumped.extend(tags))
    with django_capture_on_commit_callbacks(execute=True):
        seed("--only", "home", "policies", "--scale", "2")
    # Cached pages and fragments are rebuilt once the rows are committed.
    assert set(bumped) == set(VERSION_TAGS)
    index = PolicyIndexPage.objects.get()
    demo_policies = PolicyPage.objects.exclude(slug__startswith=SLUG_PREFIX).count()
    seed("--only", "home", "policies", "--scale", "4")
    scale_policies = PolicyPage.objects.filter(slug__startswith=SLUG_PREFIX)
    assert scale_policies.count() == 3 * 40
    assert Page.find_problems() == ([], [], [], [], [])
    index.refresh_from_db()
    assert index.numchild == demo_policies + 3 * 40 == index.get_children().count()
    paths = list(index.get_children().values_list("path", flat=True))
    assert len(set(paths)) == len(paths)
    # A smaller scale later deletes nothing, adds nothing.
    seed("--only", "home", "policies", "--scale", "3")
    assert scale_policies.count() == 3 * 40
    # Pages added the normal way after bulk rows still get a correct path.
    PolicyPageFactory(parent=index)
    assert Page.find_problems() == ([], [], [], [], [])


def test_scale_institutions_are_public_through_published_qualifications_in_their_city(db, client):
    seed("--only", "home", "marketplace", "--scale", "2")
    scale = Institution.objects.filter(user__username__startswith=INSTITUTION_PREFIX)
    qualifications = Qualification.objects.filter(institution__in=scale)
    # Each has the published revision approval leaves behind, usable by the admin's editor.
    assert qualifications.filter(live=True, live_revision__isnull=False).count() == 50
    sample = qualifications.select_related("institution").first()
    assert sample.get_latest_revision_as_object().display_name == sample.display_name
    assert scale.approved().count() == scale.filter(is_approved=True).count() == 50
    platforms = WindowPlatform.objects.exclude(kind=WindowPlatform.Kind.PROVINCE)
    city_names = {platform.region_name[:2]: city_of(platform) for platform in platforms}
    for institution in scale.select_related("platform"):
        city = city_of(institution.platform)
        assert institution.region_code[:4] == city.region_code[:4], institution.name
        for place, place_city in city_names.items():
            if place in institution.name:
                assert place_city == city, (institution.name, str(institution.platform))

    # Rows of an earlier scale seed had no revision: live by default, yet never approved. They
    # are not public; running the seed again gives them their revision.
    qualifications.update(live_revision=None, latest_revision=None)
    assert not scale.approved().exists()
    seed("--only", "home", "marketplace", "--scale", "2")
    assert scale.approved().count() == 50
