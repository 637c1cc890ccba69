"""OpenSearch analysis settings for Chinese (pure data; see `search.backends.opensearch`)."""

# Merged into modelsearch's index settings (its ngram/edgengram analyzers stay).
CJK_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "cjk_unigrams_and_bigrams": {"type": "cjk_bigram", "output_unigrams": True},
                # Default cjk_bigram: bigrams, and a unigram only for a character with no
                # CJK neighbour (a 1-character query).
                "cjk_bigrams": {"type": "cjk_bigram"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_unigrams_and_bigrams"],
                },
                "default_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigrams"],
                },
                # Autocomplete (admin listings): prefixes of the same tokens. Its search side is
                # modelsearch's "standard" (one token per CJK character), so it matches records
                # holding all the typed characters: generous, and ranked by OpenSearch.
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "cjk_width",
                        "asciifolding",
                        "lowercase",
                        "cjk_unigrams_and_bigrams",
                        "edgengram",
                    ],
                },
            },
        }
    }
}


def opensearch_backend_settings(url, *, index_prefix="portal_", timeout=10):
    """The ``WAGTAILSEARCH_BACKENDS["default"]`` entry for an OpenSearch at ``url``."""
    return {
        "BACKEND": "search.backends.opensearch",
        "URLS": [url],
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "INDEX_SETTINGS": CJK_INDEX_SETTINGS,
    }
