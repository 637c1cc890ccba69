"""What the SQLite and PostgreSQL backends share."""

from django.db.models import Exists, IntegerField, OuterRef, TextField
from django.db.models.functions import Cast

from search.segmentation import DEFAULT_SEGMENTER, get_segmenter


class SegmentingBackendMixin:
    """Reads the ``SEGMENTER`` option (a name from `search.segmentation.SEGMENTERS`)."""

    def __init__(self, params):
        super().__init__(params)
        self.segmenter = get_segmenter(params.get("SEGMENTER", DEFAULT_SEGMENTER))


def is_unfiltered(queryset):
    """True when the queryset is every row of its model's table (no WHERE, no set operation).

    Then every index entry of the model has its object in the queryset as long as the index is
    in step with the table (Wagtail's signal handlers keep it so; ``update_index`` removes the
    entries of rows deleted behind their back), and counting hits needs no look-up per hit.
    """
    query = queryset.query
    return not query.where and not query.combinator and not query.is_sliced


def sliced_count(count, start, stop):
    """A count of all matches (or of the first ``stop``) cut to the slice ``start:stop``, as a
    sliced QuerySet's ``count()`` is."""
    count = max(count - start, 0)
    return count if stop is None else min(count, stop - start)


def load_ranked(queryset, ranked, score_field=None):
    """The objects of ``ranked`` ([(object id, score)], best first) from ``queryset``, in that
    order, with the score in ``score_field`` if given; one query."""
    if not ranked:
        return []
    objects_by_id = {
        str(obj.pk): obj for obj in queryset.filter(pk__in=[object_id for object_id, _ in ranked])
    }
    objects = []
    for object_id, score in ranked:
        obj = objects_by_id.get(object_id)
        if obj is None:  # deleted, or no longer in the queryset, between the queries
            continue
        if score_field:
            setattr(obj, score_field, score)
        objects.append(obj)
    return objects


def in_queryset(queryset, outer_object_id):
    """EXISTS (``queryset`` has the object of the outer index entry), ``outer_object_id`` being
    the path from the outer query to the entry's text ``object_id``."""
    pk = queryset.model._meta.pk
    while pk.is_relation:  # multi-table inheritance: page_ptr → Page.id
        pk = pk.target_field
    if isinstance(pk, IntegerField):
        # Cast the entry's text object_id so that the lookup uses the primary key's index.
        object_pk = Cast(OuterRef(outer_object_id), output_field=IntegerField())
        return Exists(queryset.order_by().filter(pk=object_pk))
    return Exists(
        queryset.order_by()
        .annotate(_search_object_id=Cast("pk", TextField()))
        .filter(_search_object_id=OuterRef(outer_object_id))
    )
