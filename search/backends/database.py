"""The portal's search backend: Wagtail's database search, made Chinese-aware.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}`` picks the
implementation for the default database, as ``wagtail.search.backends.database`` does:
SQLite with FTS5 → `search.backends.sqlite`, PostgreSQL → `search.backends.postgres`.

Options (beside modelsearch's own, such as ``ATOMIC_REBUILD``):
``SEGMENTER``: ``"bigram"`` (default), ``"unigram_bigram"`` or ``"jieba"``; see
`search.segmentation`. Changing it needs ``manage.py rebuild_index``.
"""

import warnings

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    if connection.vendor == "postgresql":
        from search.backends.postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)

    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        if fts5_available() and fts_table_exists():
            from search.backends.sqlite import ChineseSQLiteSearchBackend

            return ChineseSQLiteSearchBackend(params)

        # Substring matching without an index: slow, but finds Chinese words.
        warnings.warn(
            "SQLite has no FTS5 here: search falls back to unindexed substring matching.",
            RuntimeWarning,
            stacklevel=2,
        )
        from modelsearch.backends.database.fallback import DatabaseSearchBackend

        return DatabaseSearchBackend(params)

    raise ImproperlyConfigured(
        f"search.backends.database supports SQLite and PostgreSQL, not {connection.vendor}; "
        "use OpenSearch (search.backends.opensearch) for other databases."
    )
