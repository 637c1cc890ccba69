"""SQLite FTS5 search with Chinese segmentation and BM25 ranking that stays fast.

modelsearch's SQLite backend stores the title, body and autocomplete text of every indexed object
in ``wagtailsearch_indexentry``; triggers copy them into the FTS5 table. We store segmented tokens
there instead (see `search.segmentation`) and translate queries into FTS5 expressions of the same
tokens, so the tables and migrations stay modelsearch's.

Ranking: modelsearch orders by a correlated sub-query that re-runs the MATCH for every hit
(seconds with thousands of hits). Here a page of best-first results takes three short queries:

1. a window of the best ``RANK_WINDOW`` matches from the FTS5 table alone — FTS5's own weighted
   ``bm25()`` computed in C while it walks the matches, ``ORDER BY score, rowid DESC LIMIT n``,
   no join, no per-hit sub-query;
2. which of those entries are of the caller's model and in the caller's queryset (primary-key
   look-ups for the window only);
3. the page of objects.

The window is FTS5's exact order over *all* matches, so when it holds at least ``stop`` allowed
objects, its first ``stop`` are exactly the first ``stop`` of the full ranking. Otherwise (deep
pages, or a queryset that filters out most of the best matches) the full ranking runs: one query
that ranks every hit checked against the queryset (``EXISTS``), then the page load — slower, but
the same order, so pages never overlap or skip.
"""

from functools import reduce
from operator import and_, or_

from django.db import connections, router
from django.db.models import FloatField, Func, IntegerField
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import (
    AndNot,
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    normalize,
)
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.index import RelatedFields
from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search.backends.common import (
    SegmentingBackendMixin,
    in_queryset,
    is_unfiltered,
    load_ranked,
    sliced_count,
)

# Columns of the FTS5 table, in the order modelsearch's migration declares them; bm25() takes one
# weight per column in this order.
FTS_COLUMNS = ("autocomplete", "body", "title")
# A match in the title counts this many times a match in the body.
TITLE_WEIGHT = 5.0
# Best matches fetched from the FTS table for a best-first page (at least; a page deeper than
# this is fetched with a window of twice its end). Ranking the window costs almost nothing beside
# FTS5's own walk over the matches; the larger it is, the more of the best matches the caller's
# queryset may filter out before the full ranking is needed.
RANK_WINDOW = 500
# Pages ending beyond this go straight to the full ranking.
MAX_RANK_WINDOW = 5000


class BM25(Func):
    """FTS5's ``bm25(table, weight, …)``: negative, lower is better; needs the MATCH's table."""

    output_field = FloatField()

    def __init__(self, **column_weights):
        self.weights = [float(column_weights.get(column, 0.0)) for column in FTS_COLUMNS]
        super().__init__()

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(repr(weight) for weight in self.weights)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class UnaryPlus(Func):
    """``+column``: the same value, but SQLite will not look it up through an index."""

    template = "+%(expressions)s"

    def __init__(self, expression):
        super().__init__(expression, output_field=IntegerField())


class SegmentedObjectIndexer(ObjectIndexer):
    """Stores each indexed field's text as the segmenter's space-separated tokens."""

    def __init__(self, obj, backend):
        super().__init__(obj, backend)
        self.segmenter = backend.segmenter

    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields):
            # Its sub-fields come back through this method and are segmented there.
            yield from super().prepare_field(obj, field)
            return
        for current_field, value in super().prepare_field(obj, field):
            yield current_field, self.segmenter.index_text(value)


class ChineseSQLiteIndex(SQLiteIndex):
    indexer_class = SegmentedObjectIndexer

    def add_items(self, model, objs):
        # modelsearch's version, with our indexer, and one UPDATE statement for all the objects
        # already indexed instead of one per object.
        if not model.get_search_fields():
            return
        indexers = {
            indexer.id: indexer for indexer in (self.indexer_class(o, self.backend) for o in objs)
        }
        if not indexers:
            return

        content_type_pk = get_content_type_pk(model)
        existing = list(
            self.entries.filter(content_type_id=content_type_pk, object_id__in=indexers)
        )
        for entry in existing:
            indexer = indexers.pop(entry.object_id)
            entry.title = indexer.title
            entry.body = indexer.body
            entry.autocomplete = indexer.autocomplete
            entry.title_norm = 1.0  # recomputed below
        IndexEntry._default_manager.bulk_update(
            existing, ["title", "body", "autocomplete", "title_norm"], batch_size=500
        )
        IndexEntry._default_manager.bulk_create(
            [
                IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=indexer.title,
                    body=indexer.body,
                    autocomplete=indexer.autocomplete,
                )
                for object_id, indexer in indexers.items()
            ],
            batch_size=500,
        )
        self._refresh_title_norms()


class ChineseSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by the backend before searching (query compilers do not get the backend).
        self.segmenter = None

    def get_rank_expression(self):
        return BM25(title=TITLE_WEIGHT, body=1.0)

    def get_fts_columns(self):
        if not self.fields:
            return list(self.FTS_TABLE_FIELDS)
        # Only the title has a column of its own; every other SearchField is in the body.
        return sorted({"title" if field == "title" else "body" for field in self.fields})

    # Query translation ---------------------------------------------------------------------

    def build_search_query_content(self, query, config=None):
        """The FTS5 expression for a query, or None where the query has no searchable token."""
        if isinstance(query, (PlainText, Phrase)):
            lexeme = self._terms_lexeme(query)
            return None if lexeme is None else SearchQueryExpression(lexeme)
        if isinstance(query, Boost):
            return self.build_search_query_content(query.subquery, config=config)
        if isinstance(query, AndNot):
            included = self.build_search_query_content(query.subquery_a, config=config)
            excluded = self.build_search_query_content(query.subquery_b, config=config)
            if included is None or excluded is None:
                return included
            return included._combine(excluded, "NOT")
        if isinstance(query, (And, Or)):
            parts = [
                part
                for part in (self.build_search_query_content(sub) for sub in query.subqueries)
                if part is not None
            ]
            if not parts:
                return None
            return reduce(and_ if isinstance(query, And) else or_, parts)
        return super().build_search_query_content(query, config=config)

    def _terms_lexeme(self, query):
        prefix_last = self.LAST_TERM_IS_PREFIX and isinstance(query, PlainText)
        terms = self.segmenter.query_terms(query.query_string, prefix_last=prefix_last)
        if not terms:
            return None
        lexemes = [self._term_lexeme(term) for term in terms]
        # A quoted phrase needs all its terms; plain text follows its operator.
        use_or = isinstance(query, PlainText) and query.operator == "or"
        return reduce(or_ if use_or else and_, lexemes)

    @staticmethod
    def _term_lexeme(term):
        # Tokens only hold letters, digits and CJK characters, so quoting them is enough to keep
        # FTS5 from reading anything in them as syntax.
        if term.phrase:
            return Lexeme(" ".join(term.tokens), prefix=term.prefix)
        *tokens, last = term.tokens
        return reduce(
            and_, [Lexeme(token) for token in tokens] + [Lexeme(last, prefix=term.prefix)]
        )

    # Searching -----------------------------------------------------------------------------

    def _prepare(self):
        """(match expression or None, negated) — or MatchAll / a Not(MatchAll) as they are."""
        query = normalize(self.query)
        if isinstance(query, MatchAll) or (
            isinstance(query, Not) and isinstance(query.subquery, MatchAll)
        ):
            return query, False
        negated = isinstance(query, Not)
        if negated:
            query = query.subquery
        expression = self.build_search_query(query)
        if expression is None:
            return None, negated
        return MatchExpression(self.get_fts_columns(), expression), negated

    def _matching_entries(self, match):
        # The content type is compared through unary plus so that SQLite cannot use its index:
        # with it, the planner walks every entry of the model and re-runs the MATCH for each
        # (20 s for a phrase over 30,000 products); without it, FTS5 walks its matches once and
        # each is looked up by primary key.
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            .alias(_content_type=UnaryPlus("index_entry__content_type_id"))
            .filter(_content_type__in=get_descendants_content_types_pks(self.queryset.model))
        )

    def _in_queryset(self):
        """EXISTS (the caller's queryset has the object of the outer index entry)."""
        return in_queryset(self.queryset, "index_entry__object_id")

    def search(self, config, start, stop, score_field=None):
        """All matching objects as a queryset in the caller's order (facets, negated queries)."""
        match, negated = self._prepare()
        if isinstance(match, MatchAll):
            return self.queryset[start:stop]
        if isinstance(match, Not):
            return self.queryset.none()
        if match is None:
            return self.queryset[start:stop] if negated else self.queryset.none()
        object_ids = self._matching_entries(match).values("index_entry__object_id")
        if negated:
            queryset = self.queryset.exclude(pk__in=object_ids)
        else:
            queryset = self.queryset.filter(pk__in=object_ids)
        if not queryset.query.order_by:
            # A stable order across pages (wagtail/wagtail#3729).
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def results(self, start, stop, score_field=None):
        """The objects from ``start`` to ``stop``, best first unless the caller ordered them."""
        match, negated = self._prepare()
        if not self.order_by_relevance or negated or not isinstance(match, MatchExpression):
            objects = list(self.search(None, start, stop))
            if score_field and isinstance(match, MatchExpression) and not negated:
                scores = dict(
                    self._matching_entries(match)
                    .filter(index_entry__object_id__in=[str(obj.pk) for obj in objects])
                    .annotate(score=self.get_rank_expression())
                    .values_list("index_entry__object_id", "score")
                )
                for obj in objects:
                    setattr(obj, score_field, -scores.get(str(obj.pk), 0.0))
            elif score_field:
                for obj in objects:
                    setattr(obj, score_field, 0.0)
            return objects

        ranked = None
        if stop is not None and stop <= MAX_RANK_WINDOW:
            ranked = self._ranked_from_window(match, start, stop)
        if ranked is None:
            ranked = self._ranked_in_full(match, start, stop)
        return load_ranked(self.queryset, ranked, score_field)

    def _ranked_from_window(self, match, start, stop):
        """[(object id, score)] from ``start`` to ``stop``, from the best matches of the FTS
        table alone; None when that window does not reach ``stop`` allowed objects."""
        window = max(RANK_WINDOW, 2 * stop)
        best = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .annotate(score=self.get_rank_expression())
            .order_by("score", "-index_entry_id")
            .values("index_entry_id", "score")[:window]
        )
        # The object id of a window entry if it is of the caller's model and its object is in
        # the caller's queryset, else NULL: a primary-key look-up per window entry.
        allowed = (
            IndexEntry._default_manager.filter(
                pk=RawSQL("best.index_entry_id", ()),
                content_type_id__in=get_descendants_content_types_pks(self.queryset.model),
            )
            .filter(in_queryset(self.queryset, "object_id"))
            .values("object_id")[:1]
        )
        connection = connections[router.db_for_read(IndexEntry)]
        best_sql, best_params = best.query.get_compiler(connection=connection).as_sql()
        allowed_sql, allowed_params = allowed.query.get_compiler(connection=connection).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH best AS MATERIALIZED ({best_sql}) "  # noqa: S608 - compiled by Django
                f"SELECT best.score, ({allowed_sql}) FROM best "
                "ORDER BY best.score, best.index_entry_id DESC",
                (*best_params, *allowed_params),
            )
            rows = cursor.fetchall()
        ranked = [(object_id, -score) for score, object_id in rows if object_id is not None]
        if len(ranked) < stop and len(rows) == window:
            return None  # the window was full: objects beyond it may belong on the page
        return ranked[start:stop]

    def _ranked_in_full(self, match, start, stop):
        """[(object id, score)]: every hit ranked, checked against the queryset in SQL."""
        return [
            (object_id, -score)
            for object_id, score in self._matching_entries(match)
            .filter(self._in_queryset())
            .annotate(score=self.get_rank_expression())
            .order_by("score", "-index_entry_id")
            .values_list("index_entry__object_id", "score")[start:stop]
        ]

    def count(self, limit=None):
        """The number of matches, or of the first `limit` (which stops the scan there)."""
        match, negated = self._prepare()
        if negated or not isinstance(match, MatchExpression):
            return self.search(None, None, limit).count()
        entries = self._matching_entries(match)
        if not is_unfiltered(self.queryset):
            # Only the queryset can say which objects it holds (live, public, …).
            entries = entries.filter(self._in_queryset())
        if limit is not None:
            entries = entries.order_by()[:limit]
        return entries.count()


class ChineseSQLiteAutocompleteQueryCompiler(
    ChineseSQLiteSearchQueryCompiler, SQLiteAutocompleteQueryCompiler
):
    def get_rank_expression(self):
        return BM25(autocomplete=1.0)

    def get_fts_columns(self):
        # Autocomplete text of all AutocompleteFields shares one column: `fields` cannot narrow it.
        return list(self.FTS_TABLE_FIELDS)


class ChineseSQLiteSearchResults(SQLiteSearchResults):
    def get_queryset(self):
        return self.query_compiler.search(None, self.start, self.stop)

    def _do_search(self):
        return self.query_compiler.results(self.start, self.stop, score_field=self._score_field)

    def _do_count(self):
        # A sliced count (`results[:n].count()`) stops scanning at the slice's end.
        count = self.query_compiler.count(limit=self.stop)
        return sliced_count(count, self.start, self.stop)


class ChineseSQLiteSearchBackend(SegmentingBackendMixin, SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
    results_class = ChineseSQLiteSearchResults

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        if results.query_compiler is not None:
            results.query_compiler.segmenter = self.segmenter
        return results


SearchBackend = ChineseSQLiteSearchBackend
