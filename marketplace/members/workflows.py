"""Review by window platforms (R1.4): Wagtail's workflow with a task that routes by platform.

`PlatformReviewTask` lets a user act only when they review the object's window platform or a
platform above it. Everything else is Wagtail's moderation: the log, the dashboard's "awaiting
your review", the workflow history. The receivers at the bottom keep the reviewed object's stored
status in step with the workflow and tell the member what happened.

Every reviewed model (qualifications, service products) declares `review_platform_lookup` and
implements the small interface of `ReviewStatusMixin`; nothing here names a model except the
qualification-specific side effect of approval (the institution's `is_approved` mirror; what
is public is read from the qualification itself, `Institution.objects.approved()`).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import (
    Task,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)
from wagtail.signals import (
    published,
    task_submitted,
    unpublished,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from marketplace.members.models.platforms import (
    PROVINCIAL_STAFF_GROUP,
    REVIEWER_GROUP,
    WindowPlatform,
)
from marketplace.members.scoping import may_see, visible_object_ids
from portal.cache import bump_content_version

# The cache tag of public marketplace listings (see portal/cache.py).
MARKETPLACE_CONTENT = "marketplace"

WORKFLOW_NAME = "窗口平台审核"
TASK_NAME = "所属窗口平台审核"

# A review waiting longer than this many working days (Monday–Friday) is overdue.
REVIEW_DEADLINE_WORKING_DAYS = 1


class RejectionCommentMissing(PermissionDenied):
    """A rejection must say why, so that the member knows what to fix."""


class RejectForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=_("退回原因"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("请填写退回原因，服务机构将据此修改。")},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("请填写退回原因，服务机构将据此修改。"))
        return comment


@dataclass(frozen=True)
class ReviewNotices:
    """What the member is told when a review ends, and where their centre page is."""

    approved_title: str
    approved_body: str
    rejected_title: str
    rejected_body: str  # formatted with %(comment)s and %(name)s
    center_url_name: str


QUALIFICATION_NOTICES = ReviewNotices(
    approved_title=_("资质审核已通过"),
    approved_body=_("您提交的资质信息已审核通过，机构信息已在平台公开展示。"),
    rejected_title=_("资质审核未通过"),
    rejected_body=_("您提交的资质信息未通过审核。审核意见：%(comment)s。请修改后重新提交。"),
    center_url_name="members:center_qualification",
)


class ReviewStatusMixin:
    """The stored review status of a platform-reviewed snippet, kept in step with its workflow.

    The model has `review_status` and `submitted_at` columns and a `ReviewStatus` choices class
    with DRAFT, IN_REVIEW, APPROVED and REJECTED. The columns describe the row, not a revision,
    so they are carried over when a revision is turned back into an object.
    """

    ROW_ONLY_FIELDS = ("review_status", "submitted_at")
    review_notices = QUALIFICATION_NOTICES

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.ROW_ONLY_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def compute_review_status(self):
        workflow_state = self.current_workflow_state
        if workflow_state is not None:
            if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
                return self.ReviewStatus.IN_REVIEW
            return self.ReviewStatus.REJECTED
        return self.ReviewStatus.APPROVED if self.live else self.ReviewStatus.DRAFT

    def refresh_review_status(self, *, submitted_at=None):
        """Store the status computed from the workflow; only these columns are written."""
        self.review_status = self.compute_review_status()
        values = {"review_status": self.review_status}
        if submitted_at is not None:
            self.submitted_at = values["submitted_at"] = submitted_at
        type(self)._default_manager.filter(pk=self.pk).update(**values)

    @property
    def last_review(self):
        """The most recent finished review (a TaskState), with the reviewer's comment."""
        return (
            TaskState.objects.for_instance(self)
            .filter(status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED])
            .select_related("finished_by")
            .order_by("-finished_at", "-pk")
            .first()
        )

    @property
    def rejection_comment(self):
        if self.review_status != self.ReviewStatus.REJECTED:
            return ""
        review = self.last_review
        return review.comment if review and review.status == TaskState.STATUS_REJECTED else ""

    @property
    def is_editable_by_member(self):
        """While under review the member cannot change what the reviewer is reading."""
        return self.review_status != self.ReviewStatus.IN_REVIEW


def reviewed_models():
    """The models reviewed by platform: they declare `review_platform_lookup`."""
    return [
        model
        for model in global_apps.get_models()
        if getattr(model, "review_platform_lookup", None)
    ]


def user_reviews_platform_of(user, obj):
    """Whether `user` reviews the window platform `obj` belongs to (or one above it)."""
    return may_see(user, obj)


class PlatformReviewTask(Task):
    """Approved or rejected by the reviewers of the submitter's window platform."""

    class Meta:
        db_table = "marketplace_platformreviewtask"
        verbose_name = _("窗口平台审核任务")
        verbose_name_plural = _("窗口平台审核任务")

    def user_can_review(self, obj, user):
        # Cached per request on the user object: the admin asks several times per page.
        cache = user.__dict__.setdefault("_platform_review_checks", {})
        key = (obj._meta.label, obj.pk)
        if key not in cache:
            from marketplace.members.permissions import reviewed_model_policy

            cache[key] = user_reviews_platform_of(user, obj) and reviewed_model_policy(
                type(obj)
            ).user_has_permission(user, "publish")
        return cache[key]

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        # Under review, only the reviewers may change what is being reviewed.
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [
            ("reject", _("退回修改"), True),
            ("approve", _("审核通过"), False),
            ("approve", _("通过并留言"), True),
        ]

    def get_form_for_action(self, action):
        return RejectForm if action == "reject" else TaskStateCommentForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Wagtail's action view checks `get_actions` against the object named in the URL, but
        # takes the task state from another URL argument: check the object it really belongs to.
        obj = task_state.workflow_state.content_object
        if task_state.task_id != self.pk or not self.user_can_review(obj, user):
            raise PermissionDenied
        if action_name == "reject":
            comment = (kwargs.get("comment") or "").strip()
            if not comment:
                raise RejectionCommentMissing(_("退回时必须填写原因。"))
            kwargs["comment"] = comment
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        condition = models.Q(pk__in=[])
        for model in reviewed_models():
            from marketplace.members.permissions import reviewed_model_policy

            if not reviewed_model_policy(model).user_has_permission(user, "publish"):
                continue
            condition |= models.Q(
                workflow_state__base_content_type=model.get_base_content_type(),
                workflow_state__object_id__in=visible_object_ids(user, model),
            )
        return states.filter(condition)

    @classmethod
    def get_description(cls):
        return _("由服务机构所属窗口平台（或其上级平台）的审核员审核。")


# Setting the workflow up: by the demo seeding, after a test flush, or when it is missing -------


def ensure_review_setup():
    """Create (or repair) the review workflow, its task, and the two staff groups. Idempotent.

    The reviewed models are those with `review_platform_lookup` (`reviewed_models()`); the
    groups' permissions are what each model grants in `staff_permissions`
    ({group name: [action, …]}), so the apps above declare their own. The migrations of before
    the split (decision 0009) ran a frozen copy, `marketplace/migrations/_review_setup.py`.
    """
    task = PlatformReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = PlatformReviewTask.objects.create(name=TASK_NAME, active=True)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in reviewed_models():
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"workflow": workflow},
        )
    admin_access = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")[0],
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )[0]
    for group_name in (REVIEWER_GROUP, PROVINCIAL_STAFF_GROUP):
        group = Group.objects.get_or_create(name=group_name)[0]
        group.permissions.add(admin_access, *staff_permissions(group_name))
    # Reviewers named before the group existed (e.g. seeded after a test flush) join it now.
    User = global_apps.get_model(settings.AUTH_USER_MODEL)
    Group.objects.get(name=REVIEWER_GROUP).user_set.add(
        *User.objects.filter(reviewed_platforms__isnull=False).distinct()
    )
    return workflow


def staff_permissions(group_name):
    """The permissions the installed models grant `group_name` in their `staff_permissions`."""
    permissions = []
    for model in global_apps.get_models():
        actions = getattr(model, "staff_permissions", {}).get(group_name, ())
        if not actions:
            continue
        content_type = ContentType.objects.get_for_model(model)
        name = model._meta.model_name
        for action in actions:
            permissions.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{name}",
                    defaults={"name": f"Can {action} {name}"},
                )[0]
            )
    return permissions


def review_workflow(model=None):
    from marketplace.members.models import Qualification

    return (model or Qualification).get_default_workflow() or ensure_review_setup()


# Submitting ------------------------------------------------------------------------------------


def submit_for_review(obj, user):
    """Send the latest revision of `obj` to review: resume a rejected review, or start one."""
    workflow_state = obj.current_workflow_state
    if workflow_state is not None:
        if workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
            workflow_state.resume(user)
            return workflow_state
        raise PermissionDenied("Already under review.")
    return review_workflow(type(obj)).start(obj, user)


# Overdue reviews -------------------------------------------------------------------------------


def working_time_between(start, end):
    """Time from `start` to `end` counting only Monday–Friday (local time)."""
    if end <= start:
        return datetime.timedelta(0)
    start, end = timezone.localtime(start), timezone.localtime(end)
    total = datetime.timedelta(0)
    cursor = start
    while cursor < end:
        next_midnight = (cursor + datetime.timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        segment_end = min(next_midnight, end)
        if cursor.weekday() < 5:
            total += segment_end - cursor
        cursor = segment_end
    return total


def is_review_overdue(started_at, now=None):
    """More than one working day has passed since the review started (weekends excluded)."""
    now = now or timezone.now()
    return working_time_between(started_at, now) > datetime.timedelta(
        days=REVIEW_DEADLINE_WORKING_DAYS
    )


# Keeping the object and the member in step with the workflow -----------------------------------


def _reviewed_object(workflow_state):
    """The platform-reviewed object of a workflow, read afresh: a cached copy may predate the
    publish. None for anything else under moderation."""
    for model in reviewed_models():
        if workflow_state.base_content_type_id == model.get_base_content_type().pk:
            # Reviewed objects belong to an institution (the lookup's first step), whose user
            # is told the outcome.
            owner = model.review_platform_lookup.rsplit("__", 1)[0]
            return (
                model._default_manager.select_related(f"{owner}__user")
                .filter(pk=workflow_state.object_id)
                .first()
            )
    return None


def _notices(obj):
    # Qualifications predate the mixin and use the default notices.
    return getattr(obj, "review_notices", QUALIFICATION_NOTICES)


def _notify_member(obj, title, body):
    from marketplace.members.notifications import notify

    notify(obj.institution.user, title, body, url=reverse(_notices(obj).center_url_name))


@receiver(workflow_submitted)
@receiver(task_submitted)
def on_submitted(sender, instance, user=None, **kwargs):
    workflow_state = getattr(instance, "workflow_state", instance)
    if obj := _reviewed_object(workflow_state):
        obj.refresh_review_status(submitted_at=timezone.now())


@receiver(workflow_rejected)
def on_rejected(sender, instance, user=None, **kwargs):
    if obj := _reviewed_object(instance):
        obj.refresh_review_status()
        comment = instance.current_task_state.comment if instance.current_task_state else ""
        notices = _notices(obj)
        _notify_member(
            obj,
            notices.rejected_title,
            notices.rejected_body % {"comment": comment, "name": str(obj)},
        )


@receiver(workflow_approved)
def on_approved(sender, instance, user=None, **kwargs):
    if obj := _reviewed_object(instance):
        obj.refresh_review_status()
        notices = _notices(obj)
        _notify_member(obj, notices.approved_title, notices.approved_body % {"name": str(obj)})


@receiver(workflow_cancelled)
def on_cancelled(sender, instance, user=None, **kwargs):
    if obj := _reviewed_object(instance):
        obj.refresh_review_status()


@receiver(published)
def on_published(sender, instance, **kwargs):
    """Keep the stored status right however the object was published; a published
    qualification makes its institution public (R1.7)."""
    from marketplace.members.models import Qualification

    if not isinstance(instance, ReviewStatusMixin | Qualification):
        return
    live = type(instance)._default_manager.select_related("institution").get(pk=instance.pk)
    live.refresh_review_status()
    if isinstance(instance, Qualification):
        # Public visibility is read from the qualification itself (`Institution.objects
        # .approved()`); the flag is the mirror the member centre and the admin show.
        institution = live.institution
        if not institution.is_approved or institution.approved_at is None:
            institution.is_approved = True
            institution.approved_at = timezone.now()
            institution.save(update_fields=["is_approved", "approved_at", "updated_at"])
    bump_content_version(MARKETPLACE_CONTENT)


@receiver(unpublished)
def on_unpublished(sender, instance, **kwargs):
    from marketplace.members.models import Qualification

    if not isinstance(instance, ReviewStatusMixin | Qualification):
        return
    instance.refresh_review_status()
    if isinstance(instance, Qualification):
        instance.institution.__class__.objects.filter(pk=instance.institution_id).update(
            is_approved=False
        )
    bump_content_version(MARKETPLACE_CONTENT)


@receiver(m2m_changed, sender=WindowPlatform.reviewers.through)
def on_reviewers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Whoever is made a platform's reviewer gets the reviewers' admin permissions."""
    if action != "post_add" or not pk_set:
        return
    group = Group.objects.filter(name=REVIEWER_GROUP).first()
    if group is None:
        return
    if reverse:  # user.reviewed_platforms.add(platform)
        group.user_set.add(instance)
    else:  # platform.reviewers.add(user)
        group.user_set.add(*pk_set)
