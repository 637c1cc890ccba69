"""The admin side of `marketplace.members.scoping`: viewsets, choosers and bulk actions of
platform data.

A viewset of platform data (snippet or model viewset) takes `PlatformScopedViewSetMixin`; then
its listing, results and CSV/XLSX export, its chooser (list, results, chosen), and every URL
that names an object (404 outside the scope) see only `visible_rows(user, model)`, whatever
index view class or `get_queryset(request)` the viewset defines. Wagtail's snippet bulk delete
is replaced for platform data by one that lists only visible rows. The reports are in
`marketplace.members.admin.reports`.
"""

import functools
import re

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from wagtail.admin.views.generic import IndexView
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from marketplace.members.models import WindowPlatform
from marketplace.members.scoping import is_platform_data, visible_rows

# A route naming an object: `edit/<str:pk>/`, `history/<str:pk>/revisions/<int:revision_id>/…`.
OBJECT_ROUTE = re.compile(r"<(?:\w+:)?pk>")


def visible_platforms(request):
    """Filter choices: the platforms whose data the user sees."""
    if request is None:
        return WindowPlatform.objects.none()
    return visible_rows(request.user, WindowPlatform)


def scoped_object_view(view_func, model):
    """404 for an object URL of `model` naming a row the user may not see."""

    @functools.wraps(view_func)
    def wrapper(request, *args, pk, **kwargs):
        if not visible_rows(request.user, model).filter(pk=unquote(str(pk))).exists():
            raise Http404
        return view_func(request, *args, pk=pk, **kwargs)

    return wrapper


class ScopedIndexViewMixin:
    """A listing (and its results and export) of visible rows only."""

    def get_base_queryset(self):
        # Model viewsets have no `get_queryset(request)` hook of their own; ours passes it here.
        if callable(self.queryset):
            self.queryset = self.queryset(self.request)
        return visible_rows(self.request.user, self.model, super().get_base_queryset())


@functools.cache
def scoped_index_view_class(view_class):
    return type(f"Scoped{view_class.__name__}", (ScopedIndexViewMixin, view_class), {})


class ScopedChooserMixin:
    def get_object_list(self):
        return visible_rows(self.request.user, self.model_class, super().get_object_list())


class ScopedChooseView(ScopedChooserMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooserMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return visible_rows(self.request.user, self.model_class).get(pk=pk)


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_rows(self.request.user, self.model_class).filter(pk__in=pks)


class PlatformScopedChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser (modal, results, chosen) over visible rows only."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class PlatformScopedViewSetMixin:
    """For a SnippetViewSet or ModelViewSet of platform data (see `marketplace.members.scoping`)."""

    # Used by snippet viewsets; model viewsets have no chooser.
    chooser_viewset_class = PlatformScopedChooserViewSet

    def get_queryset(self, request):
        """Select/annotate what the listing needs; scoping is applied after, by the view."""
        return None

    def construct_view(self, view_class, **kwargs):
        # Whatever index view class a viewset picks, its listings go through the rule.
        if issubclass(view_class, IndexView) and not issubclass(view_class, ScopedIndexViewMixin):
            view_class = scoped_index_view_class(view_class)
        return super().construct_view(view_class, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        # SnippetViewSet passes its get_queryset already; ModelViewSet does not.
        view_kwargs.setdefault("queryset", self.get_queryset)
        return view_kwargs

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if OBJECT_ROUTE.search(str(pattern.pattern)):
                pattern.callback = scoped_object_view(pattern.callback, self.model)
        return patterns


class ScopedSnippetDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of snippets, for platform data: its confirmation page would list
    every row asked for (`?id=all` means all), including those the user may not touch."""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if is_platform_data(model)]

    # Wagtail's is a classmethod, which cannot know the user.
    def get_queryset(self, model, object_ids):
        return get_list_or_404(visible_rows(self.request.user, model), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        return visible_rows(self.request.user, self.model).values_list("pk", flat=True)
