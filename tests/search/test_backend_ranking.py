"""Best-first pages from a window of the best matches, and counts, against the full ranking.

The backends answer a best-first page from a window of the best matches (SQLite: FTS5's own
``bm25()`` order over the FTS table; PostgreSQL: the best title ranks) and rank every hit only
when that window cannot fill the page. These tests shrink the window so that both paths run on
a few records, and check that every page is exactly the slice of the full ranking: same objects,
same order, no overlap between pages, only objects of the caller's queryset, right counts.

Runs on the database the suite runs on (SQLite by default, PostgreSQL when DATABASE_URL says so).
"""

import importlib

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.models import SearchBenchmarkRecord

pytestmark = pytest.mark.django_db

PAGE_SIZES = (1, 3, 5, 7, 30)


@pytest.fixture
def backend_module():
    """The module of the backend for this database (its window sizes are patched below)."""
    name = {"sqlite": "sqlite", "postgresql": "postgres"}[connection.vendor]
    return importlib.import_module(f"search.backends.{name}")


@pytest.fixture
def many_hits(make_record):
    """24 records that match 融资, with different scores, and one that does not."""
    records = []
    for number in range(12):
        # The title matches; longer titles rank lower.
        records.append(make_record(f"融资服务第{number}期" + "介绍" * number, "银行对接。"))
    for number in range(12):
        # Only the body matches, once to four times, in bodies of different lengths.
        body = "提供" + "融资" * (number % 4 + 1) + "咨询。" + "说明文字。" * number
        records.append(make_record(f"园区公告{number}", body))
    make_record("人才培训", "与此无关。")
    return records


def full_ranking(backend, backend_module, monkeypatch, queryset, query="融资"):
    """[(pk, score)] of every hit, as the full ranking (no window) orders them."""
    with monkeypatch.context() as patch:
        patch.setattr(backend_module, "MAX_RANK_WINDOW", 0)  # every page ranks every hit
        results = backend.search(query, queryset).annotate_score("_score")
        return [(obj.pk, obj._score) for obj in results[:1000]]


def paged(backend, queryset, page_size, query="融资"):
    """[[(pk, score)] of each page]: the pages a paginator would ask for."""
    results = backend.search(query, queryset).annotate_score("_score")
    pages = []
    start = 0
    while True:
        page = [(obj.pk, obj._score) for obj in results[start : start + page_size]]
        if not page:
            return pages
        pages.append(page)
        start += page_size


@pytest.fixture
def spy_full_ranking(backend_module, monkeypatch):
    """Counts the calls of the full ranking (every hit ranked in SQL)."""
    compiler = (
        backend_module.ChineseSQLiteSearchQueryCompiler
        if connection.vendor == "sqlite"
        else backend_module.ChinesePostgresSearchQueryCompiler
    )
    calls = []
    original = compiler._ranked_in_full

    def spy(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(compiler, "_ranked_in_full", spy)
    return calls


@pytest.mark.parametrize("page_size", PAGE_SIZES)
@pytest.mark.parametrize("window", [1, 4])
def test_pages_are_slices_of_the_full_ranking(
    search_backend, backend_module, monkeypatch, many_hits, page_size, window
):
    queryset = SearchBenchmarkRecord.objects.all()
    expected = full_ranking(search_backend, backend_module, monkeypatch, queryset)
    assert len(expected) == 24

    monkeypatch.setattr(backend_module, "RANK_WINDOW", window)
    pages = paged(search_backend, queryset, page_size)

    assert [hit for page in pages for hit in page] == expected
    scores = [score for _, score in expected]
    assert scores == sorted(scores, reverse=True)  # merged lists rely on it (search.sources)
    assert search_backend.search("融资", queryset).count() == 24


@pytest.fixture
def ranked_in_full_then_window_of_4(
    search_backend, backend_module, monkeypatch, many_hits, spy_full_ranking
):
    """The full ranking of every record (the expected order); then a window of 4 best matches,
    with the spy's count started afresh."""
    expected = full_ranking(
        search_backend, backend_module, monkeypatch, SearchBenchmarkRecord.objects.all()
    )
    spy_full_ranking.clear()
    monkeypatch.setattr(backend_module, "RANK_WINDOW", 4)
    return expected


def test_first_page_comes_from_the_window(
    search_backend, backend_module, monkeypatch, ranked_in_full_then_window_of_4, spy_full_ranking
):
    expected = ranked_in_full_then_window_of_4
    results = search_backend.search("融资", SearchBenchmarkRecord.objects.all())
    results = results.annotate_score("_score")
    first = [(obj.pk, obj._score) for obj in results[:2]]
    assert first == expected[:2]
    assert spy_full_ranking == []  # the window of 4 best matches held the page

    monkeypatch.setattr(backend_module, "MAX_RANK_WINDOW", 10)
    deep = [(obj.pk, obj._score) for obj in results[20:24]]
    assert deep == expected[20:24]
    assert len(spy_full_ranking) == 1  # a page ending beyond the largest window: full ranking


def test_more_hits_than_the_window(
    search_backend, ranked_in_full_then_window_of_4, spy_full_ranking
):
    # 24 hits, a window of 4: the first page is the exact best-first page, the count is right.
    expected = ranked_in_full_then_window_of_4
    results = search_backend.search("融资", SearchBenchmarkRecord.objects.all())
    assert [obj.pk for obj in results[:2]] == [pk for pk, _ in expected[:2]]
    assert results.count() == 24
    assert results[:2].count() == 2
    assert results[22:30].count() == 2
    assert spy_full_ranking == []


@pytest.mark.parametrize("page_size", PAGE_SIZES)
def test_queryset_that_filters_out_the_best_matches(
    search_backend, backend_module, monkeypatch, many_hits, page_size
):
    everything = SearchBenchmarkRecord.objects.all()
    ranked = full_ranking(search_backend, backend_module, monkeypatch, everything)
    best = [pk for pk, _ in ranked[:6]]
    # (Search querysets filter on FilterFields only: the title is one.)
    queryset = everything.exclude(title__in=everything.filter(pk__in=best).values("title"))
    expected = full_ranking(search_backend, backend_module, monkeypatch, queryset)
    assert len(expected) == 18 and not {pk for pk, _ in expected} & set(best)

    monkeypatch.setattr(backend_module, "RANK_WINDOW", 4)
    pages = paged(search_backend, queryset, page_size)

    assert [hit for page in pages for hit in page] == expected
    assert search_backend.search("融资", queryset).count() == 18


def test_queryset_search_method_with_a_window(
    search_backend, backend_module, monkeypatch, many_hits
):
    # The public API the site search uses: queryset.search(q).annotate_score("_score").
    queryset = SearchBenchmarkRecord.objects.filter(title__startswith="园区")
    monkeypatch.setattr(backend_module, "RANK_WINDOW", 2)
    results = queryset.only("pk").search("融资").annotate_score("_score")
    titles = [SearchBenchmarkRecord.objects.get(pk=obj.pk).title for obj in results[:5]]
    assert len(titles) == 5 and all(title.startswith("园区") for title in titles)
    assert queryset.search("融资").count() == 12


def test_window_smaller_than_the_ties(search_backend, backend_module, monkeypatch, make_record):
    # Identical records tie on score; ties are broken the same way in the window and in full.
    for _ in range(9):
        make_record("融资服务", "银行对接。")
    queryset = SearchBenchmarkRecord.objects.all()
    expected = full_ranking(search_backend, backend_module, monkeypatch, queryset)
    monkeypatch.setattr(backend_module, "RANK_WINDOW", 2)
    monkeypatch.setattr(backend_module, "MAX_RANK_WINDOW", 5)  # fewer than the ties
    for page_size in (1, 2, 4):
        pages = paged(search_backend, queryset, page_size)
        assert [hit for page in pages for hit in page] == expected


def test_multi_term_query_across_title_and_body(search_backend, make_record):
    make_record("融资咨询服务", "银行对接。")  # both terms in the title
    make_record("融资服务", "提供管理咨询。")  # one in the title, one in the body
    make_record("园区公告", "提供融资与咨询。")  # both in the body
    make_record("融资服务", "银行对接。")  # one term only
    results = search_backend.search("融资 咨询", SearchBenchmarkRecord)
    assert results.count() == 3
    assert [obj.title for obj in results][0] == "融资咨询服务"


def test_empty_and_reversed_slices(search_backend, many_hits):
    results = search_backend.search("融资", SearchBenchmarkRecord)
    assert list(results[5:5]) == []
    assert list(results[30:40]) == []
    assert search_backend.search("权保", SearchBenchmarkRecord).count() == 0
    assert list(search_backend.search("权保", SearchBenchmarkRecord)[:10]) == []


def test_count_of_an_unfiltered_queryset_reads_only_the_index(search_backend, many_hits):
    with CaptureQueriesContext(connection) as queries:
        assert search_backend.search("融资", SearchBenchmarkRecord.objects.all()).count() == 24
    counted = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counted and "search_searchbenchmarkrecord" not in counted[-1]

    # A filtered queryset is checked row by row.
    queryset = SearchBenchmarkRecord.objects.filter(title__startswith="园区")
    assert search_backend.search("融资", queryset).count() == 12


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_planner_settings_are_restored(search_backend, many_hits):
    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    with transaction.atomic():
        assert search_backend.search("融资", SearchBenchmarkRecord).count() == 24
        assert setting() == "on"
    assert setting() == "on"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_title_matches_rank_before_body_only_matches(search_backend, many_hits):
    results = list(search_backend.search("融资", SearchBenchmarkRecord).annotate_score("_score"))
    titles = [obj.title for obj in results]
    assert all(title.startswith("融资") for title in titles[:12])
    assert all(title.startswith("园区") for title in titles[12:])


def test_a_sliced_count_counts_only_the_slice():
    for number in range(9):
        SearchBenchmarkRecord.objects.create(title=f"融资服务{number}", body="融资担保")
    results = SearchBenchmarkRecord.objects.exclude(title="无").search("融资")
    assert results.count() == 9
    assert results[:4].count() == 4
    assert results[2:5].count() == 3
    assert results[7:20].count() == 2
    assert SearchBenchmarkRecord.objects.search("融资")[:4].count() == 4


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_walks_the_matches_once_not_every_entry_of_the_model(search_backend, many_hits):
    """SQLite may drive the search from the content-type index and re-run the MATCH for every
    entry of the model (20 s for a phrase over 30,000 products at scale 100); the plan must walk
    FTS5's matches once and look each entry up by primary key."""
    queryset = SearchBenchmarkRecord.objects.filter(title__startswith="园区")
    with CaptureQueriesContext(connection) as queries:
        assert search_backend.search("融资", queryset).count() == 12
        assert len(search_backend.search("融资", queryset)[:5]) == 5
    statements = [
        q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"] and "EXISTS" in q["sql"]
    ]
    assert statements
    for sql in statements:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [row[-1] for row in cursor.fetchall()]
        assert not any("content_type_id" in step for step in plan), plan
        assert any("VIRTUAL TABLE INDEX 0:M" in step for step in plan), plan
        assert not any("VIRTUAL TABLE INDEX 0:=M" in step for step in plan), plan
