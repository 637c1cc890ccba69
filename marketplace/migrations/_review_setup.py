"""The review setup as the migrations 0003 and 0004 ran it, frozen with the labels of that time.

Before the split (decision 0009) these migrations called the live `ensure_review_setup`; now
that the models live in other apps under other labels, they keep this copy. Not a migration:
the loader skips modules whose names start with an underscore.
"""

from django.conf import settings

WORKFLOW_NAME = "窗口平台审核"
TASK_NAME = "所属窗口平台审核"
REVIEWER_GROUP = "窗口平台审核员"
PROVINCIAL_STAFF_GROUP = "省平台运营"

# The models reviewed by window platforms through the one workflow below.
REVIEWED_MODEL_NAMES = ("qualification", "serviceproduct")

REVIEWER_PERMISSIONS = {
    ("wagtailadmin", "admin"): ["access_admin"],
    ("marketplace", "qualification"): ["view", "change", "publish", "lock"],
    ("marketplace", "serviceproduct"): ["view", "change", "publish", "lock"],
    ("marketplace", "institution"): ["view"],
    ("marketplace", "windowplatform"): ["view"],
}
PROVINCIAL_PERMISSIONS = {
    ("wagtailadmin", "admin"): ["access_admin"],
    ("marketplace", "qualification"): ["view", "change", "publish", "lock", "unlock"],
    ("marketplace", "serviceproduct"): ["view", "change", "publish", "lock", "unlock"],
    ("marketplace", "servicecategory"): ["view", "add", "change", "delete"],
    ("marketplace", "demand"): ["view", "change"],
    ("marketplace", "contentreport"): ["view", "change"],
    ("marketplace", "institution"): ["view", "change"],
    ("marketplace", "enterprise"): ["view", "change"],
    ("marketplace", "windowplatform"): ["view", "add", "change"],
}


def _model_exists(apps, app_label, model):
    """Whether `apps` (possibly a migration's historical state) has the model yet."""
    try:
        apps.get_model(app_label, model)
    except LookupError:
        return False
    return True


def ensure_review_setup(apps):
    """Create (or repair) the review workflow, its task, and the two staff groups. Idempotent.

    Works with a migration's historical `apps` as well as the real registry, so the same code
    runs in the data migration and after a test flush or in `seed_demo`.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    GroupModel = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ReviewTask = apps.get_model("marketplace", "PlatformReviewTask")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    task = ReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ReviewTask.objects.create(
            name=TASK_NAME,
            active=True,
            content_type=content_type("marketplace", "platformreviewtask"),
        )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model_name in REVIEWED_MODEL_NAMES:
        # An earlier migration runs this before later reviewed models exist; theirs adds them.
        if _model_exists(apps, "marketplace", model_name):
            WorkflowContentType.objects.update_or_create(
                content_type=content_type("marketplace", model_name),
                defaults={"workflow": workflow},
            )

    def grant(group_name, permissions):
        group = GroupModel.objects.get_or_create(name=group_name)[0]
        for (app_label, model), actions in permissions.items():
            if app_label == "marketplace" and not _model_exists(apps, app_label, model):
                continue
            ct = content_type(app_label, model)
            for action in actions:
                codename = action if action == "access_admin" else f"{action}_{model}"
                permission = Permission.objects.get_or_create(
                    content_type=ct,
                    codename=codename,
                    defaults={"name": f"Can {action} {model}"},
                )[0]
                group.permissions.add(permission)

    grant(REVIEWER_GROUP, REVIEWER_PERMISSIONS)
    grant(PROVINCIAL_STAFF_GROUP, PROVINCIAL_PERMISSIONS)
    # Reviewers named before the group existed (e.g. seeded after a test flush) join it now.
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    GroupModel.objects.get(name=REVIEWER_GROUP).user_set.add(
        *User.objects.filter(reviewed_platforms__isnull=False).distinct()
    )
    return workflow


