import io

from django.core.cache import cache

from home import demo as home_demo
from policies import demo as policies_demo
from policies.factories import PolicyIndexPageFactory, PolicyPageFactory
from policies.home_sections import LATEST_POLICY_COUNT, latest_policies
from policies.models import PolicyAttachment, PolicyIndexPage, PolicyPage, PolicyStatus
from portal.demo import DemoContext
from tests.policies.helpers import count_queries


def run_seed():
    ctx = DemoContext(stdout=io.StringIO())
    home_demo.seed(ctx)
    policies_demo.seed(ctx)
    return ctx


def test_demo_seed_is_realistic_and_idempotent(db):
    ctx = run_seed()
    index = PolicyIndexPage.objects.get()
    policies = PolicyPage.objects.child_of(index).live()
    assert policies.count() >= 40
    assert {policy.level for policy in policies} == {"national", "provincial", "city-county"}
    assert policies.with_status(PolicyStatus.EXPIRED).exists()
    assert policies.filter(interprets__isnull=False).count() >= 3
    assert len({policy.publish_date.year for policy in policies}) >= 4
    attachment = PolicyAttachment.objects.select_related("document").first()
    with attachment.document.file.open("rb") as file:
        assert file.read().startswith(b"%PDF-1.4")
    assert [item.label for item in ctx.navigation if item.page == index] == ["政策法规"]

    counts = (PolicyPage.objects.count(), PolicyAttachment.objects.count())
    run_seed()
    assert (PolicyPage.objects.count(), PolicyAttachment.objects.count()) == counts


def test_home_page_shows_the_latest_policies(client, home_page, policy_index):
    PolicyPageFactory(parent=policy_index, title="最新的惠企政策")
    PolicyPageFactory(parent=policy_index, title="未发布的政策", live=False)
    html = client.get("/").content.decode()
    assert "最新的惠企政策" in html
    assert "未发布的政策" not in html
    assert f'href="{policy_index.url}"' in html


def test_home_section_is_absent_without_an_index(rf, home_page):
    assert latest_policies(rf.get("/"), home_page) is None


def test_home_section_query_count_is_fixed(client, home_page):
    index = PolicyIndexPageFactory(parent=home_page)

    def measure():
        client.get("/")
        cache.clear()
        return count_queries(lambda: client.get("/"))[1]

    PolicyPageFactory(parent=index)
    one = measure()
    for _ in range(LATEST_POLICY_COUNT + 5):
        PolicyPageFactory(parent=index)
    assert measure() == one
