"""Wagtail's reports that list objects of every model, limited by `marketplace.members.scoping`.

Site history (log entries) and the two workflow reports keep only rows about objects the user
may see: in the listing, its results, its CSV/XLSX export and the choices of its filters (users,
types, actions). The other reports (locked pages, aging pages, page types) list pages only.

These views are served at Wagtail's own URLs: `urlpatterns` is included ahead of Wagtail's admin
(portal/urls.py), so the reports menu, which reverses Wagtail's URL names, leads here and
Wagtail's unscoped views cannot be reached.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
)
from wagtail.log_actions import registry as log_registry
from wagtail.models import WorkflowState
from wagtail.utils.urlpatterns import decorate_urlpatterns

from marketplace.members.scoping import generic_visibility_filter, platform_data_models


def _logs_platform_data(log_model):
    return any(
        log_registry.get_log_model_for_model(model) is log_model for model in platform_data_models()
    )


def visible_log_entries(user, log_model, queryset=None):
    """Wagtail's own filter (content types the user has a permission for), then ours."""
    if queryset is None:
        queryset = log_model.objects.viewable_by_user(user)
    if not _logs_platform_data(log_model):
        return queryset
    return queryset.filter(generic_visibility_filter(user))


def _all_visible_log_entries(user):
    return [visible_log_entries(user, model) for model in log_registry.get_log_entry_models()]


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The user, type and action choices come from visible log entries only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["object_type"].queryset = self._content_types

    @staticmethod
    def _content_types(request):
        ids = set()
        for entries in _all_visible_log_entries(request.user):
            ids.update(entries.get_content_type_ids())
        return ContentType.objects.filter(pk__in=ids).order_by("model")

    def get_users_queryset(self):
        ids = set()
        for entries in _all_visible_log_entries(self.request.user):
            ids.update(entries.get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)

    # Wagtail 8.0 asks `get_users_queryset`; its site history filter set still has this one.
    get_user_choices = get_users_queryset

    def get_action_choices(self):
        actions = set()
        for entries in _all_visible_log_entries(self.request.user):
            actions.update(entries.get_actions())
        return [choice for choice in log_registry.get_choices() if choice[0] in actions]


class ScopedSiteHistoryView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        # Wagtail calls this once per log model, before joining them with union().
        queryset = super().filter_queryset(queryset)
        return visible_log_entries(self.request.user, queryset.model, queryset)


def _visible_workflow_states(user):
    return WorkflowState.objects.filter(generic_visibility_filter(user))


def _requested_by(request):
    User = get_user_model()
    requesters = _visible_workflow_states(request.user).values("requested_by")
    return User.objects.filter(pk__in=requesters).order_by(User.USERNAME_FIELD)


class ScopedWorkflowReportFilterSet(WorkflowReportFilterSet):
    """ "Requested by" offers the requesters of visible workflows only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["requested_by"].queryset = _requested_by


class ScopedWorkflowView(WorkflowView):
    filterset_class = ScopedWorkflowReportFilterSet

    def get_queryset(self):
        return super().get_queryset().filter(generic_visibility_filter(self.request.user))


class ScopedWorkflowTasksView(WorkflowTasksView):
    def get_queryset(self):
        visible = generic_visibility_filter(
            self.request.user,
            content_type="workflow_state__content_type",
            object_id="workflow_state__object_id",
        )
        return super().get_queryset().filter(visible)


# Mounted at admin/reports/ ahead of Wagtail's admin, decorated as Wagtail decorates its own.
urlpatterns = [
    path("workflow/", ScopedWorkflowView.as_view()),
    path("workflow/results/", ScopedWorkflowView.as_view(results_only=True)),
    path("workflow_tasks/", ScopedWorkflowTasksView.as_view()),
    path("workflow_tasks/results/", ScopedWorkflowTasksView.as_view(results_only=True)),
    path("site-history/", ScopedSiteHistoryView.as_view()),
    path("site-history/results/", ScopedSiteHistoryView.as_view(results_only=True)),
]
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
