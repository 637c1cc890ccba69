"""The notices' demo data: every status present, idempotent, renders, works on a flushed DB."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Collection

from notices.models import ActivityNoticePage, NewsPage, ProjectDeclarationPage

pytestmark = pytest.mark.django_db(transaction=True)


def seed():
    call_command("seed_demo", only=["home", "notices"], stdout=io.StringIO())


def test_seed_is_idempotent_and_covers_every_state(client):
    seed()
    seed()
    assert ActivityNoticePage.objects.count() == 15
    assert ProjectDeclarationPage.objects.count() == 10
    assert NewsPage.objects.count() == 15
    assert Collection.objects.filter(depth=1).count() == 1
    assert len({page.status for page in ProjectDeclarationPage.objects.all()}) == 4
    full = [
        activity
        for activity in ActivityNoticePage.objects.all()
        if activity.capacity and activity.signups.count() >= activity.capacity
    ]
    assert len(full) == 2

    for url in ["/activities/", "/declarations/", "/news/", "/activities/activity-07/"]:
        assert client.get(url).status_code == 200, url
    assert "本项目申报已截止" in client.get("/declarations/declaration-09/").content.decode()
    home = client.get("/").content.decode()
    for section in ["home-declarations-title", "home-activities-title", "home-news-title"]:
        assert section in home
