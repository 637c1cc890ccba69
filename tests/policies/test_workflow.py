"""R4.1: editors' drafts go through Wagtail's default "Moderators approval" workflow."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from policies.factories import PolicyPageFactory
from portal.factories import UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="policy-editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(username="policy-moderator", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_an_editors_submission_is_approved_by_a_moderator(client, policy_index, editor, moderator):
    policy = PolicyPageFactory(parent=policy_index, title="待审核的政策", live=False)
    workflow = policy.get_workflow()
    assert workflow is not None and workflow.name == "Moderators approval"

    # The editor saves a draft and submits it for moderation.
    revision = policy.save_revision(user=editor)
    workflow.start(policy, editor)
    policy.refresh_from_db()
    assert policy.workflow_in_progress
    state = policy.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    task = task_state.task.specific
    assert not [name for name, *_ in task.get_actions(policy, editor) if name == "approve"]
    assert not PolicyPageFactory._meta.model.objects.live().filter(pk=policy.pk).exists()

    # The moderator approves it in the admin; approval publishes the submitted revision.
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[policy.pk, "approve", task_state.pk]),
        {"comment": "同意发布"},
    )
    assert response.status_code in (200, 302)
    policy.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert policy.live and policy.live_revision_id == revision.pk
    assert client.get(policy_index.url).content.decode().count("待审核的政策") == 1


def test_a_moderator_can_reject_with_a_comment(policy_index, editor, moderator):
    policy = PolicyPageFactory(parent=policy_index, live=False)
    policy.save_revision(user=editor)
    state = policy.get_workflow().start(policy, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject", comment="文号有误")
    state.refresh_from_db()
    policy.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not policy.live


def test_scheduled_publishing(client, policy_index, admin_user, monkeypatch):
    policy = PolicyPageFactory(parent=policy_index, title="定时发布的政策", live=False)
    go_live_at = timezone.now() + datetime.timedelta(hours=1)
    policy.go_live_at = go_live_at
    revision = policy.save_revision(user=admin_user)
    revision.publish(user=admin_user)
    policy.refresh_from_db()
    assert not policy.live
    assert policy.approved_schedule

    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    policy.refresh_from_db()
    assert not policy.live, "not before its time"
    assert "定时发布的政策" not in client.get(policy_index.url).content.decode()

    # An hour later the command (run by cron) publishes it, and the index shows it at once.
    later = go_live_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    policy.refresh_from_db()
    assert policy.live
    assert "定时发布的政策" in client.get(policy_index.url).content.decode()
