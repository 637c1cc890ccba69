"""Annotations that the apps above add to a lower app's API listing through a Wagtail hook.

The HTML pages apply `annotate(queryset) -> queryset` hooks (e.g. trade's ratings on an
institution's page, decision 0009); an API endpoint applies the same hooks here. Each hooked
annotation becomes a correlated subquery on the listing's own query: the count stays one query
whatever the rows, and the listing itself keeps no GROUP BY, so searching and ordering it work
as before.
"""

from django.db.models import OuterRef, Subquery
from wagtail import hooks


def annotate_from_hooks(queryset, hook_name):
    model = queryset.model
    inner = model._base_manager.filter(pk=OuterRef("pk")).order_by()
    before = set(inner.query.annotations)
    for annotate in hooks.get_hooks(hook_name):
        inner = annotate(inner)
    added = [name for name in inner.query.annotations if name not in before]
    return queryset.annotate(**{name: Subquery(inner.values(name)[:1]) for name in added})
