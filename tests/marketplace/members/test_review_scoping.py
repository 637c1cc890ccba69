"""Reviewers see and act on their own platform subtree only; private scans reach the allowed."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from marketplace.members.admin.qualifications import review_queue_for
from marketplace.members.demo.qualifications import qualification_values, review, save_qualification
from marketplace.members.factories import EnterpriseFactory, InstitutionFactory
from marketplace.members.models import Qualification
from marketplace.members.models.platforms import PROVINCIAL_STAFF_GROUP
from marketplace.members.workflows import (
    ensure_review_setup,
    is_review_overdue,
    working_time_between,
)
from portal.factories import UserFactory

NS = "wagtailsnippets_members_qualification"


@pytest.fixture(autouse=True)
def review_setup(db):
    ensure_review_setup()


@pytest.fixture
def submitted(institution):
    """星城财税 (长沙) has submitted its qualification."""
    return save_qualification(institution, qualification_values(institution), submit=True)


@pytest.fixture
def zhuzhou_reviewer(zhuzhou):
    user = UserFactory(username="zz-reviewer")
    zhuzhou.reviewers.add(user)
    return user


@pytest.fixture
def changsha_reviewer(changsha):
    user = UserFactory(username="cs-reviewer")
    changsha.reviewers.add(user)
    return user


@pytest.fixture
def province_reviewer(province):
    user = UserFactory(username="province-reviewer")
    province.reviewers.add(user)
    return user


@pytest.fixture
def provincial_staff(db):
    user = UserFactory(username="ops")
    user.groups.add(Group.objects.get(name=PROVINCIAL_STAFF_GROUP))
    return user


def object_urls(qualification):
    pk = qualification.pk
    task_state = qualification.current_workflow_task_state
    revision = qualification.latest_revision_id
    return [
        reverse(f"{NS}:edit", args=[pk]),
        reverse(f"{NS}:inspect", args=[pk]),
        reverse(f"{NS}:history", args=[pk]),
        reverse(f"{NS}:workflow_history", args=[pk]),
        reverse(f"{NS}:revisions_revert", args=[pk, revision]),
        reverse(f"{NS}:revisions_compare", args=[pk, "earliest", "latest"]),
        reverse(f"{NS}:workflow_action", args=[pk, "approve", task_state.pk]),
        reverse(f"{NS}:workflow_action", args=[pk, "reject", task_state.pk]),
        reverse(f"{NS}:lock", args=[pk]),
        reverse(f"{NS}:delete", args=[pk]),
        reverse("members:qualification_file", args=[pk, "licence"]),
    ]


def test_other_platforms_reviewer_sees_nothing_and_changes_nothing(
    client, submitted, zhuzhou_reviewer
):
    client.force_login(zhuzhou_reviewer)
    listing = client.get(reverse(f"{NS}:list"))
    assert listing.status_code == 200
    assert submitted.institution.name not in listing.content.decode()
    assert review_queue_for(zhuzhou_reviewer) == []
    for url in object_urls(submitted):
        assert client.get(url).status_code in (403, 404), url
        # 405: the file view only answers GET.
        assert client.post(url, {"comment": "越权"}).status_code in (403, 404, 405), url
    submitted.refresh_from_db()
    assert submitted.review_status == Qualification.ReviewStatus.IN_REVIEW
    assert not submitted.live and not submitted.locked


def test_task_state_of_another_object_cannot_be_acted_on(
    client, submitted, zhuzhou, zhuzhou_reviewer
):
    """Wagtail's action URL takes the task state separately from the object: both are checked."""
    own = InstitutionFactory(platform=zhuzhou)
    own_qualification = save_qualification(own, qualification_values(own), submit=True)
    client.force_login(zhuzhou_reviewer)
    url = reverse(
        f"{NS}:workflow_action",
        args=[own_qualification.pk, "approve", submitted.current_workflow_task_state.pk],
    )
    response = client.post(url)
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with an error.
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    submitted.refresh_from_db()
    assert submitted.review_status == Qualification.ReviewStatus.IN_REVIEW


def test_reviewer_of_the_platform_sees_and_opens_it(client, submitted, changsha_reviewer):
    client.force_login(changsha_reviewer)
    assert submitted.institution.name in client.get(reverse(f"{NS}:list")).content.decode()
    for name in ("edit", "inspect", "history"):
        assert client.get(reverse(f"{NS}:{name}", args=[submitted.pk])).status_code == 200
    queue = client.get(reverse("review-queue:index"))
    assert queue.status_code == 200
    assert submitted.institution.name in queue.content.decode()


def test_reviewer_above_the_platform_and_provincial_staff_see_everything(
    client, submitted, province_reviewer, provincial_staff, zhuzhou
):
    other = InstitutionFactory(platform=zhuzhou)
    save_qualification(other, qualification_values(other), submit=True)
    for user in (province_reviewer, provincial_staff):
        client.force_login(user)
        page = client.get(reverse(f"{NS}:list")).content.decode()
        assert submitted.institution.name in page and other.name in page
        assert len(review_queue_for(user)) == 2
    review(submitted, province_reviewer, "approve")
    submitted.refresh_from_db()
    assert submitted.live


def test_members_and_strangers_cannot_reach_the_admin(client, submitted, enterprise):
    client.force_login(submitted.institution.user)
    assert client.get(reverse(f"{NS}:list")).status_code in (302, 403)
    assert client.get(reverse("review-queue:index")).status_code in (302, 403)


def test_list_filters_and_export(client, submitted, changsha_reviewer, changsha):
    client.force_login(changsha_reviewer)
    url = reverse(f"{NS}:list")
    response = client.get(url, {"review_status": "in_review", "platform": changsha.pk})
    assert submitted.institution.name in response.content.decode()
    response = client.get(url, {"review_status": "approved"})
    assert submitted.institution.name not in response.content.decode()
    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert submitted.institution.name in body and "审核中" in body


# Private files ----------------------------------------------------------------------------------


def test_licence_download_only_for_owner_and_reviewers(
    client, submitted, changsha_reviewer, zhuzhou_reviewer, zhuzhou, provincial_staff
):
    url = reverse("members:qualification_file", args=[submitted.pk, "licence"])
    other_institution = InstitutionFactory(platform=zhuzhou)
    strangers = [None, EnterpriseFactory().user, other_institution.user, zhuzhou_reviewer]
    for user in strangers:
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == 404
    for user in (submitted.institution.user, changsha_reviewer, provincial_staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert (
        client.get(
            reverse("members:qualification_file", args=[submitted.pk, "id_number"])
        ).status_code
        == 404
    )


def test_scans_are_not_under_media_root(submitted, settings):
    path = submitted.licence.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


# Overdue ----------------------------------------------------------------------------------------


def at(day, hour=9):
    """A time in November 2026: the 6th is a Friday, the 9th a Monday."""
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour))


def test_weekends_do_not_count_towards_overdue():
    friday_morning = at(6)
    # Friday 09:00–24:00 and Monday 00:00–09:00; the weekend does not count.
    assert working_time_between(friday_morning, at(9)) == datetime.timedelta(hours=24)
    assert not is_review_overdue(friday_morning, at(9, 8))  # Monday 08:00: 23 working hours
    assert is_review_overdue(friday_morning, at(9, 10))  # Monday 10:00: 25 working hours
    assert not is_review_overdue(at(7), at(9, 12))  # submitted on Saturday
    assert is_review_overdue(at(3), at(4, 10))  # Tuesday → Wednesday


def test_queue_is_oldest_first_and_flags_overdue(submitted, changsha_reviewer, changsha):
    from marketplace.members.demo.qualifications import backdate_review

    newer_institution = InstitutionFactory(platform=changsha)
    newer = save_qualification(
        newer_institution, qualification_values(newer_institution), submit=True
    )
    backdate_review(submitted, timezone.now() - datetime.timedelta(days=5))
    queue = review_queue_for(changsha_reviewer)
    assert [item["qualification"].pk for item in queue] == [submitted.pk, newer.pk]
    assert queue[0]["overdue"] and not queue[1]["overdue"]
