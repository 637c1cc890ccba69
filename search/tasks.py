"""Background index updates beyond modelsearch's own (django-tasks; immediate in tests).

Wagtail/modelsearch already enqueue `insert_or_update_object_task` when an indexed object is
saved and remove it when it is deleted. What they do not do, and `search.signals` asks for:

* re-index the rows whose index entry holds a related object's text or filter value (an
  institution's name in its service products, an account's `is_active` in its member's items)
  when that object changes — the database backends filter on the rows themselves, but OpenSearch
  filters on what was indexed;
* remove an entry whose object left `get_indexed_objects()` (a service product taken off sale),
  so the index holds only what can be shown.
"""

import logging

from django.apps import apps
from django_tasks import task
from wagtail.search.backends import get_search_backends_with_name

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


@task()
def update_search_index(model_label, pks):
    """Index the rows of `model_label` ("app_label.ModelName") with these primary keys that
    belong in the index; remove the others' entries. Returns how many were indexed."""
    model = apps.get_model(model_label)
    pks = list(pks)
    indexed = 0
    for offset in range(0, len(pks), CHUNK_SIZE):
        chunk = pks[offset : offset + CHUNK_SIZE]
        objs = list(model.get_indexed_objects().filter(pk__in=chunk))
        present = {obj.pk for obj in objs}
        gone = [model(pk=pk) for pk in chunk if pk not in present]
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                if objs:
                    backend.add_bulk(model, objs)
                for obj in gone:
                    backend.delete(obj)
            except Exception:
                logger.exception("Updating %s in the '%s' search backend failed", model_label, name)
                if not backend.catch_indexing_errors:
                    raise
        indexed += len(objs)
    return indexed


def enqueue_update(model, pks):
    """Enqueue `update_search_index` for these rows, if there are any."""
    pks = [pk for pk in pks if pk is not None]
    if pks:
        update_search_index.enqueue(model._meta.label, pks)
