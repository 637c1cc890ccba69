"""OpenSearch: the analysis settings always; a live index only where OpenSearch runs.

The live test needs opensearch-py and OPENSEARCH_URL; without them it is skipped (CI has no
OpenSearch today).
"""

import os

import pytest
from django.test import override_settings

from search.backends.opensearch_settings import CJK_INDEX_SETTINGS, opensearch_backend_settings


def test_cjk_analyzers_are_the_index_defaults():
    analysis = CJK_INDEX_SETTINGS["settings"]["analysis"]
    index_filters = analysis["analyzer"]["default"]["filter"]
    search_filters = analysis["analyzer"]["default_search"]["filter"]
    assert analysis["filter"][index_filters[-1]] == {"type": "cjk_bigram", "output_unigrams": True}
    assert analysis["filter"][search_filters[-1]] == {"type": "cjk_bigram"}
    assert "lowercase" in index_filters and "cjk_width" in search_filters


def test_backend_settings_entry():
    entry = opensearch_backend_settings("https://search.example:9200")
    assert entry["BACKEND"] == "search.backends.opensearch"
    assert entry["URLS"] == ["https://search.example:9200"]
    assert entry["INDEX_SETTINGS"] is CJK_INDEX_SETTINGS


@pytest.mark.skipif(not os.environ.get("OPENSEARCH_URL"), reason="no OpenSearch (OPENSEARCH_URL)")
@pytest.mark.django_db
def test_live_opensearch_finds_chinese_substrings():
    pytest.importorskip("opensearchpy", reason="opensearch-py is not installed")
    from wagtail.search.backends import get_search_backend

    from search.models import SearchBenchmarkRecord

    settings = {
        "default": opensearch_backend_settings(
            os.environ["OPENSEARCH_URL"], index_prefix="portal_test_"
        )
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=settings):
        backend = get_search_backend()
        backend.reset_indexes()
        records = [
            SearchBenchmarkRecord.objects.create(title="企业管理咨询服务", body="战略规划"),
            SearchBenchmarkRecord.objects.create(title="知识产权代理", body="SaaS平台 ISO9001认证"),
        ]
        backend.refresh_indexes()
        assert [r.pk for r in backend.search("咨询", SearchBenchmarkRecord)] == [records[0].pk]
        assert [r.pk for r in backend.search("产权", SearchBenchmarkRecord)] == [records[1].pk]
        assert [r.pk for r in backend.search("saas", SearchBenchmarkRecord)] == [records[1].pk]
        backend.reset_indexes()
