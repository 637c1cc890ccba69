"""PostgreSQL full-text search with Chinese segmentation.

modelsearch's PostgreSQL backend stores tsvectors of each object's title, body and autocomplete
text. We build them from segmented tokens (see `search.segmentation`) with the ``simple``
configuration — segmentation, case folding and NFKC are already done, and a language
configuration would stem or drop tokens — and translate queries into tsqueries of the same
tokens: a term is a phrase (``<->``) of its tokens. Queries never reach `to_tsquery` as typed,
so operators in them are plain text.

Searches filter on ``title || body``; migration ``search.0002`` adds the GIN expression index
that makes this an index scan instead of a scan of every index entry.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, FloatField, Value
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
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from .common import SegmentingBackendMixin

TEXT_SEARCH_CONFIG = "simple"


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
        expressions = []
        for term in terms:
            lexemes = [_quote(token) for token in term.tokens]
            if term.prefix:
                lexemes[-1] += ":*"
            expressions.append("(" + (" <-> " if term.phrase else " & ").join(lexemes) + ")")
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
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class ChinesePostgresAutocompleteQueryCompiler(
    ChinesePostgresSearchQueryCompiler, PostgresAutocompleteQueryCompiler
):
    def get_fields_vectors(self, search_query):
        return [(F("index_entries__autocomplete"), 1.0)]


class ChinesePostgresSearchBackend(SegmentingBackendMixin, PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex
    results_class = PostgresSearchResults

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
