"""举报: any visitor reports a public demand; rate-limited; operators see reports in the admin."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from marketplace.catalogue.models import ContentReport, Demand
from portal.factories import SuperUserFactory
from tests.marketplace.catalogue_helpers import make_category


@pytest.fixture
def demand(enterprise):
    return Demand.objects.create(
        enterprise=enterprise,
        category=make_category(),
        title="可疑需求",
        description="说明",
        region_name="长沙市",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        contact_name="张经理",
        contact_phone="13800000000",
    )


def test_report_a_demand(client, demand):
    url = demand.get_report_url()
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "fraud", "detail": "要求预付款"})
    assert response.status_code == 302
    report = ContentReport.objects.get()
    assert report.content_object == demand and report.object_title == "可疑需求"
    client.force_login(SuperUserFactory(username="operator"))
    listing = client.get(reverse("marketplace_reports:index")).content.decode()
    assert "可疑需求" in listing


def test_reports_are_rate_limited(client, demand):
    url = demand.get_report_url()
    statuses = [client.post(url, {"reason": "spam"}).status_code for _ in range(11)]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    assert ContentReport.objects.count() == 10


def test_the_report_limit_holds_when_the_cache_is_cleared(client, demand):
    """Issue 14: the counter used to live in the (per-process, evicting) default cache."""
    url = demand.get_report_url()
    statuses = []
    for _ in range(11):
        statuses.append(client.post(url, {"reason": "spam"}).status_code)
        for cache in caches.all():
            cache.clear()
    assert statuses == [302] * 10 + [429]
    assert ContentReport.objects.count() == 10


def test_only_public_reportable_objects(client, demand, enterprise):
    demand.status = Demand.Status.CLOSED
    demand.save()
    assert client.get(demand.get_report_url()).status_code == 404
    assert client.get(f"/report/marketplace.enterprise/{enterprise.pk}/").status_code == 404
    assert client.get("/report/nonsense/1/").status_code == 404
    assert client.get("/report/marketplace.demand/999/").status_code == 404
    assert client.post(demand.get_report_url(), {"reason": "bogus"}).status_code == 404
