"""PostgreSQL full-text search with Chinese segmentation.

modelsearch's PostgreSQL backend stores tsvectors of each object's title, body and autocomplete
text. We build them from segmented tokens (see `search.segmentation`) with the ``simple``
configuration — segmentation, case folding and NFKC are already done, and a language
configuration would stem or drop tokens — and translate queries into tsqueries of the same
tokens: a term is a phrase (``<->``) of its tokens. Queries never reach `to_tsquery` as typed,
so operators in them are plain text.

Matching: each term (a phrase of tokens) must be in the title or in the body, combined by the
query's operators. Without phrases that is exactly ``title || body @@ query``, answered by the
GIN expression index of migration ``search.0002`` alone (no row's vectors read). With phrases,
``(title @@ t1 OR body @@ t1) AND …``: the per-column GIN indexes Wagtail creates find the
candidates and positions are checked on their own vectors (concatenating them would rebuild
both vectors for every candidate). `bitmap_scans` keeps the planner on those indexes.

Ranking: score = ``ts_rank(title) × title_norm`` if the title matches the whole query (else 0)
``+ BODY_FACTOR × ts_rank(body, normalization 32)``. The body part is below ``BODY_FACTOR``:
title relevance decides, body relevance breaks its ties and orders the hits whose title does
not match. That bound lets a best-first page skip ranking most hits: the best title ranks come
from the title GIN index and the small title vectors (no body read), and only entries whose title
rank is within ``2 × BODY_FACTOR`` of the ``RANK_WINDOW``-th best can still reach the page; only
those are checked against the caller's queryset and have their body ranked. When that window
cannot fill the page (deep pages, fewer title matches than the page needs, a queryset that
filters most of them out) every hit is ranked in SQL, in the same order, so pages never overlap.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, router, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Cast
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search.backends.common import (
    SegmentingBackendMixin,
    in_queryset,
    is_unfiltered,
    load_ranked,
    sliced_count,
)

TEXT_SEARCH_CONFIG = "simple"
# Weight of the body's rank (normalised to [0, 1)) beside the title's; see the module docstring.
BODY_FACTOR = 0.01
# Best title ranks fetched for a best-first page (at least; twice the page's end if larger).
RANK_WINDOW = 200
# Largest window tried before ranking every hit (the entries ranked can be more: every one
# within 2 BODY_FACTOR of the window's last title rank).
MAX_RANK_WINDOW = 5000


@contextmanager
def bitmap_scans():
    """Plan the statements run inside without sequential scans.

    PostgreSQL costs ``vector @@ query`` like any cheap operator, but on a row it must first
    decompress (often fetch from TOAST) the body vector: a sequential scan tests every row's
    vectors and is several times slower than a bitmap of the GIN indexes, which reads no vector
    unless the query has a phrase. ``SET LOCAL`` in a transaction (a savepoint inside the
    caller's), restored when done; rolling back after an error undoes it too.
    """
    alias = router.db_for_read(IndexEntry)
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        previous = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


# The expression of the GIN index that migration search.0002 creates.
TITLE_BODY = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())


class _NotPlain(Exception):
    """The query has parts the fast path does not handle (negation, fuzzy, match-all)."""


def _raw(search_query):
    return SearchQuery(search_query, search_type="raw", config=TEXT_SEARCH_CONFIG)


@dataclass(frozen=True)
class _Term:
    """One query term as tsquery text; ``positional``: a phrase of several tokens, which a GIN
    index can only narrow down (each row found must then be checked against its vector)."""

    tsquery: str
    positional: bool

    @classmethod
    def of(cls, term):
        lexemes = [_quote(token) for token in term.tokens]
        if term.prefix:
            lexemes[-1] += ":*"
        positional = term.phrase and len(lexemes) > 1
        return cls("(" + (" <-> " if term.phrase else " & ").join(lexemes) + ")", positional)


def _node(kind, parts):
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else (kind, parts)


def _tsquery(tree):
    if isinstance(tree, _Term):
        return tree.tsquery
    kind, parts = tree
    return "(" + (" & " if kind == "and" else " | ").join(map(_tsquery, parts)) + ")"


def _positional(tree):
    if isinstance(tree, _Term):
        return tree.positional
    return any(map(_positional, tree[1]))


def _condition(tree, vectors):
    """Q: each term of the tree in one of the ``vectors`` (IndexEntry fields)."""
    if isinstance(tree, _Term):
        search_query = _raw(tree.tsquery)
        return reduce(or_, [Q(**{vector: search_query}) for vector in vectors])
    kind, parts = tree
    return reduce(and_ if kind == "and" else or_, [_condition(part, vectors) for part in parts])


class SegmentedObjectIndexer(ObjectIndexer):
    """Builds the tsvectors from segmented text; ``title_text``/``body_text`` (used by fuzzy
    search) keep the original text."""

    def __init__(self, obj, backend):
        super().__init__(obj, backend)
        self.segmenter = backend.segmenter

    def as_vector(self, texts, for_autocomplete=False):
        segmented = [(self.segmenter.index_text(text), weight) for text, weight in texts]
        return super().as_vector(segmented, for_autocomplete=for_autocomplete)


class ChinesePostgresIndex(PostgresIndex):
    indexer_class = SegmentedObjectIndexer

    def add_items(self, model, objs):
        # modelsearch's upsert, with our indexer (its version names its own indexer class).
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return

        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows_sql, params = [], []
        for indexer in indexers:
            vectors_sql = []
            vector_params = []
            for field_name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(
                    IndexEntry._meta.get_field(field_name), getattr(indexer, field_name)
                )
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors_sql.append(sql)
                vector_params.extend(value_params)
            rows_sql.append(f"(%s, %s, {', '.join(vectors_sql)}, 1.0, %s, %s)")
            params.extend(
                [content_type_pk, indexer.id, *vector_params, indexer.title_text, indexer.body_text]
            )

        table = IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                                     title_norm, title_text, body_text)
                VALUES {", ".join(rows_sql)}
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,  # noqa: S608 - only the table name and placeholders are interpolated
                params,
            )
        self._refresh_title_norms()


def _quote(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class ChinesePostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by the backend before searching (query compilers do not get the backend).
        self.segmenter = None

    def build_tsquery_content(self, query, config=None, invert=False):
        """The tsquery for a query, or None where the query has no searchable token."""
        if isinstance(query, (PlainText, Phrase)):
            raw = self._terms_tsquery(query)
            if raw is None:
                return None
            if invert:
                raw = f"!({raw})"
            return SearchQuery(raw, search_type="raw", config=TEXT_SEARCH_CONFIG)
        if isinstance(query, Boost):
            return self.build_tsquery_content(query.subquery, config=config, invert=invert)
        if isinstance(query, Not):
            return self.build_tsquery_content(query.subquery, config=config, invert=not invert)
        if isinstance(query, Fuzzy | MatchAll):
            return super().build_tsquery_content(query, config=config, invert=invert)
        # And / Or (inverted: Or / And, by De Morgan), skipping parts without tokens.
        parts = [
            part
            for part in (
                self.build_tsquery_content(sub, config=config, invert=invert)
                for sub in query.subqueries
            )
            if part is not None
        ]
        if not parts:
            return None
        use_and = isinstance(query, And) != invert
        combined = parts[0]
        for part in parts[1:]:
            combined = (combined & part) if use_and else (combined | part)
        return combined

    def _terms_tsquery(self, query):
        prefix_last = self.LAST_TERM_IS_PREFIX and isinstance(query, PlainText)
        terms = self.segmenter.query_terms(query.query_string, prefix_last=prefix_last)
        if not terms:
            return None
        expressions = [_Term.of(term).tsquery for term in terms]
        use_or = isinstance(query, PlainText) and query.operator == "or"
        return (" | " if use_or else " & ").join(expressions)

    def get_fields_vectors(self, search_query):
        # modelsearch would run to_tsvector() over the model's own columns, which are not
        # segmented; use the index's title and body vectors instead.
        title_only = set(self.fields) == {"title"}
        vectors = [(F("index_entries__title"), F("index_entries__title_norm"))]
        if not title_only:
            vectors.append((F("index_entries__body"), 1.0))
        return vectors

    def _build_rank_expression(self, vectors, config):
        # One ts_rank per vector for the whole query (modelsearch ranks every sub-query).
        search_query = self.build_tsquery(self.query, config=config)
        rank = None
        for vector, boost in vectors:
            term = SearchRank(vector, search_query, weights=self.sql_weights) * boost
            rank = term if rank is None else rank + term
        return rank

    def search(self, config, start, stop, score_field=None, backend=None):
        if isinstance(self.query, MatchAll | Fuzzy) or (
            isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll)
        ):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        if self.build_tsquery(self.query, config=config) is None:
            # Nothing searchable in the query (only punctuation or operators).
            negated = isinstance(self.query, Not)
            queryset = self.queryset if negated else self.queryset.none()
            if score_field:
                queryset = queryset.annotate(**{score_field: Value(0.0, FloatField())})
            return queryset[start:stop]
        plan = self._plan()
        if plan is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        # The matching objects as a queryset (facets, unranked listings, get_queryset()).
        entries = self._entries(plan).filter(
            object_id=Cast(OuterRef("pk"), output_field=CharField(max_length=50))
        )
        queryset = self.queryset.filter(Exists(entries))
        if self.order_by_relevance or score_field:
            score = Subquery(entries.annotate(score=plan["score"]).values("score")[:1])
            queryset = queryset.annotate(**{score_field or "_search_score": score})
        if self.order_by_relevance:
            queryset = queryset.order_by(F(score_field or "_search_score").desc(), "-pk")
        elif not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # a stable order across pages
        return queryset[start:stop]

    # Fast path: matching, ranking and counting on the index entries ------------------------

    # The vector whose rank decides (with its normalisation column) and the other vectors.
    def get_rank_vectors(self):
        """(leading vector, its norm column or None, [other vectors])."""
        if set(self.fields or ()) == {"title"}:
            return "title", "title_norm", []
        return "title", "title_norm", ["body"]

    def _term_tree(self, query):
        """The query as a tree: `_Term` leaves under ("and" | "or", [subtrees]) nodes; None when
        it has no searchable token. Raises `_NotPlain` for what only the slow path handles."""
        if isinstance(query, (PlainText, Phrase)):
            prefix_last = self.LAST_TERM_IS_PREFIX and isinstance(query, PlainText)
            terms = self.segmenter.query_terms(query.query_string, prefix_last=prefix_last)
            leaves = [_Term.of(term) for term in terms]
            use_or = isinstance(query, PlainText) and query.operator == "or"
            return _node("or" if use_or else "and", leaves)
        if isinstance(query, Boost):
            return self._term_tree(query.subquery)
        if isinstance(query, And | Or):
            parts = [part for part in map(self._term_tree, query.subqueries) if part is not None]
            return _node("and" if isinstance(query, And) else "or", parts)
        raise _NotPlain

    def _plan(self):
        """What the fast path needs, or None for the slow path (modelsearch's search())."""
        try:
            tree = self._term_tree(self.query)
        except _NotPlain:
            return None
        if tree is None:
            return None
        leading, norm, others = self.get_rank_vectors()
        search_query = _raw(_tsquery(tree))
        leading_rank = SearchRank(F(leading), search_query, weights=self.sql_weights)
        if norm:
            leading_rank = leading_rank * F(norm)
        # Only a leading vector (title) that matches the whole query ranks by itself; an entry
        # matched partly by its title and partly by its body ranks with the body-only ones.
        leading_match = Q(**{leading: search_query})
        leading_rank = Case(When(leading_match, then=leading_rank), default=Value(0.0))
        score = leading_rank
        for vector in others:
            score = score + Value(BODY_FACTOR) * SearchRank(
                F(vector), search_query, weights=self.sql_weights, normalization=32
            )
        return {
            "leading_match": leading_match,
            "leading_rank": leading_rank,
            "score": score,
            "condition": self._condition(tree, search_query, [leading, *others]),
        }

    @staticmethod
    def _condition(tree, search_query, vectors):
        """Q: the entry matches the query, each term in one of the vectors."""
        if len(vectors) == 1:
            return Q(**{vectors[0]: search_query})
        if vectors == ["title", "body"] and not _positional(tree):
            # No phrase: title || body matches exactly when each term is in the title or in the
            # body, and the GIN index on that expression (migration search.0002) answers the
            # whole query — AND, OR, prefixes — without reading any row's vectors.
            return Q(_title_body=search_query)
        # Phrases: the per-column GIN indexes find candidates, and only their own vectors are
        # read to check positions (title || body would be rebuilt for each of them).
        return _condition(tree, vectors)

    def _model_entries(self):
        """Index entries of the queryset's model and its subclasses.

        The content type is compared as bigint, which its B-tree index cannot serve: a plan that
        walks that index and tests every row's vectors is slower than the GIN bitmaps it would
        replace (see `bitmap_scans`), whichever share of the index the model has.
        """
        return IndexEntry._default_manager.alias(
            _content_type=Cast("content_type_id", BigIntegerField())
        ).filter(_content_type__in=get_descendants_content_types_pks(self.queryset.model))

    def _entries(self, plan):
        """Index entries of the queryset's model (and its subclasses) that match."""
        return self._model_entries().alias(_title_body=TITLE_BODY).filter(plan["condition"])

    def _entries_in_queryset(self, plan):
        return self._entries(plan).filter(in_queryset(self.queryset, "object_id"))

    def count(self, limit=None):
        """The number of matches, or of the first `limit` (which stops the scan there)."""
        plan = self._plan()
        if plan is None:
            return None
        entries = self._entries(plan)
        if not is_unfiltered(self.queryset):
            entries = entries.filter(in_queryset(self.queryset, "object_id"))
        if limit is not None:
            entries = entries.order_by()[:limit]
        with bitmap_scans():
            return entries.count()

    def results(self, start, stop, score_field=None):
        """Objects ``start`` to ``stop`` best first, or None when the slow path must answer."""
        plan = self._plan()
        if plan is None or not self.order_by_relevance:
            return None
        if stop is not None and stop <= start:
            return []
        ranked = None
        if stop is not None and stop <= MAX_RANK_WINDOW:
            ranked = self._ranked_from_window(plan, start, stop)
        if ranked is None:
            ranked = self._ranked_in_full(plan, start, stop)
        return load_ranked(self.queryset, ranked, score_field)

    def _ranked_in_full(self, plan, start, stop):
        with bitmap_scans():
            return list(
                self._entries_in_queryset(plan)
                .annotate(score=plan["score"])
                .order_by("-score", "-id")
                .values_list("object_id", "score")[start:stop]
            )

    def _ranked_from_window(self, plan, start, stop):
        """[(object id, score)] from ``start`` to ``stop`` out of the entries with the best
        leading (title) ranks; None when they cannot be shown to fill the page."""
        window = max(RANK_WINDOW, 2 * stop)
        while True:
            nth_rank, best = self._window_members(plan, window, stop)
            # An entry outside the window scores below `safe`: its leading rank is either below
            # nth_rank - 2 BODY_FACTOR (a score below nth_rank - BODY_FACTOR) or zero (a score
            # below BODY_FACTOR). Members at or above `safe` are certainly in the right order.
            safe = BODY_FACTOR if nth_rank is None else max(BODY_FACTOR, nth_rank - BODY_FACTOR)
            if len(best) >= stop and best[stop - 1][0] >= safe:
                return [(object_id, score) for score, object_id in best[start:stop]]
            if nth_rank is None or window >= MAX_RANK_WINDOW:
                return None
            window = min(window * 4, MAX_RANK_WINDOW)

    def _window_members(self, plan, window, stop):
        """One statement: the window-th best leading rank (None when fewer entries match the
        leading vector), and the best ``stop`` [(score, object id)] of the entries whose leading
        rank is at least that rank - 2 BODY_FACTOR and whose object is in the caller's queryset.
        """
        candidates = (
            self._model_entries()
            .filter(plan["leading_match"])
            .annotate(rank=plan["leading_rank"])
            .values("id", "rank")
        )
        members = (
            IndexEntry._default_manager.filter(pk__in=RawSQL("SELECT id FROM window_entries", ()))
            .filter(in_queryset(self.queryset, "object_id"))
            .annotate(score=plan["score"])
            .order_by("-score", "-id")
            .values("score", "id", "object_id")[:stop]
        )
        connection = connections[router.db_for_read(IndexEntry)]
        candidates_sql, candidates_params = candidates.query.get_compiler(
            connection=connection
        ).as_sql()
        members_sql, members_params = members.query.get_compiler(connection=connection).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH candidates AS MATERIALIZED ({candidates_sql}),
                     nth AS (SELECT rank FROM candidates ORDER BY rank DESC OFFSET %s LIMIT 1),
                     window_entries AS (
                        SELECT id FROM candidates
                        WHERE rank >= COALESCE((SELECT rank FROM nth), 0) - %s
                     )
                SELECT (SELECT rank FROM nth), members.score, members.object_id
                FROM (SELECT 1) AS one LEFT JOIN ({members_sql}) AS members ON TRUE
                ORDER BY members.score DESC, members.id DESC
                """,  # noqa: S608 - the inner queries are compiled by Django, values are parameters
                [*candidates_params, window - 1, 2 * BODY_FACTOR, *members_params],
            )
            rows = cursor.fetchall()
        return rows[0][0], [(score, object_id) for _, score, object_id in rows if object_id]


class ChinesePostgresAutocompleteQueryCompiler(
    ChinesePostgresSearchQueryCompiler, PostgresAutocompleteQueryCompiler
):
    def get_fields_vectors(self, search_query):
        return [(F("index_entries__autocomplete"), 1.0)]

    def get_rank_vectors(self):
        # Autocomplete text of all AutocompleteFields shares one vector: `fields` cannot narrow it.
        return "autocomplete", None, []


class ChinesePostgresSearchResults(PostgresSearchResults):
    def _do_search(self):
        objects = self.query_compiler.results(self.start, self.stop, score_field=self._score_field)
        return super()._do_search() if objects is None else objects

    def _do_count(self):
        # A sliced count (`results[:n].count()`) stops scanning at the slice's end.
        count = self.query_compiler.count(limit=self.stop)
        if count is None:
            return super()._do_count()
        return sliced_count(count, self.start, self.stop)


class ChinesePostgresSearchBackend(SegmentingBackendMixin, PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex
    results_class = ChinesePostgresSearchResults

    def __init__(self, params):
        super().__init__(params)
        self.config = TEXT_SEARCH_CONFIG
        self.autocomplete_config = TEXT_SEARCH_CONFIG

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        if results.query_compiler is not None:
            results.query_compiler.segmenter = self.segmenter
        return results


SearchBackend = ChinesePostgresSearchBackend
