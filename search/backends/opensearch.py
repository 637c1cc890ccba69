"""OpenSearch with the same Chinese analysis as the database backends (for scale).

The database backends segment in Python; OpenSearch does it in its analyzers. The index
analyzer emits CJK unigrams and bigrams (the ``unigram_bigram`` segmenter's tokens), the search
analyzer bigrams only, falling back to a unigram for a lone character — so 咨询 is one token,
知识产权 three consecutive bigrams, 企 one unigram. Latin text keeps the standard tokenizer,
lower-cased and width-folded (ＳａａＳ → saas). They are installed as the index's ``default``
and ``default_search`` analyzers, which every text field modelsearch maps without an explicit
analyzer uses. Queries default to AND, so every bigram of a query must match.

Settings (the lead wires them from ``OPENSEARCH_URL``)::

    from search.backends.opensearch_settings import opensearch_backend_settings
    WAGTAILSEARCH_BACKENDS["default"] = opensearch_backend_settings(OPENSEARCH_URL)

Needs ``opensearch-py`` (3.x); this module imports it, so only configure it where installed.
"""

from modelsearch.backends.opensearch3 import (
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
)

from search.backends.opensearch_settings import CJK_INDEX_SETTINGS


class ChineseOpenSearchQueryCompiler(OpenSearch3SearchQueryCompiler):
    # With OR, 知识产权 would match anything containing 产权.
    DEFAULT_OPERATOR = "and"


class ChineseOpenSearchAutocompleteQueryCompiler(OpenSearch3AutocompleteQueryCompiler):
    DEFAULT_OPERATOR = "and"


class ChineseOpenSearchBackend(OpenSearch3SearchBackend):
    query_compiler_class = ChineseOpenSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseOpenSearchAutocompleteQueryCompiler

    def __init__(self, params):
        params = dict(params)
        params.setdefault("INDEX_SETTINGS", CJK_INDEX_SETTINGS)
        super().__init__(params)


SearchBackend = ChineseOpenSearchBackend
