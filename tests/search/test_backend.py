"""The Chinese-aware backend, end to end: indexing through Wagtail's signals, then searching.

Runs on the database the suite runs on (SQLite by default, PostgreSQL when DATABASE_URL says so).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from wagtail.search.backends import get_search_backend
from wagtail.search.query import MATCH_ALL, Not, Phrase, PlainText

from search.models import SearchBenchmarkRecord
from tests.search.conftest import CHINESE_BACKEND, found

pytestmark = pytest.mark.django_db

LONG_BODY = (
    "湖南省中小企业公共服务平台汇聚各级窗口平台和服务机构，"
    "为企业提供政策解读、人才培训、市场开拓、法律服务等综合服务。" * 20
)


@pytest.fixture
def records(make_record):
    return {
        "consulting": make_record("企业管理咨询服务", "为制造业企业提供战略规划与管理咨询。"),
        "finance": make_record("中小企业融资服务", "对接银行与担保机构，提供融资与贷款咨询。"),
        "ip": make_record("知识产权代理", "专利申请、商标注册和知识产权保护。"),
        "digital": make_record("数字化转型诊断", "面向园区企业的数字化转型与智能制造服务。"),
        "saas": make_record("SaaS平台订阅", "云端ERP与CRM系统，支持ISO9001认证企业。"),
        "testing": make_record("检验检测", "产品质量检验检测与认证。"),
    }


def test_backend_is_the_chinese_one_for_this_database(search_backend):
    expected = {
        "sqlite": "ChineseSQLiteSearchBackend",
        "postgresql": "ChinesePostgresSearchBackend",
    }
    assert type(search_backend).__name__ == expected[connection.vendor]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("咨询", {"consulting", "finance"}),
        ("融资", {"finance"}),
        ("知识产权", {"ip"}),
        ("数字化", {"digital"}),
        ("字化转", {"digital"}),
        ("检测", {"testing"}),
        ("园区", {"digital"}),
        ("融", {"finance"}),
        ("融资 咨询", {"finance"}),
    ],
)
def test_chinese_queries_find_words_inside_longer_text(search_backend, records, query, expected):
    titles = {records[key].title for key in expected}
    assert set(found(search_backend, query)) == titles


def test_two_character_query_finds_a_word_deep_in_a_long_text(search_backend, make_record):
    make_record("园区公告", LONG_BODY + "本次活动提供免费的知识产权咨询。")
    make_record("无关记录", LONG_BODY)
    assert found(search_backend, "产权") == ["园区公告"]
    assert found(search_backend, "权咨") == ["园区公告"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SaaS", {"saas"}),
        ("saas", {"saas"}),
        ("ＳａａＳ", {"saas"}),
        ("ERP", {"saas"}),
        ("crm", {"saas"}),
        ("ISO9001", {"saas"}),
        ("ISO9001认证", {"saas"}),
        ("SaaS平台", {"saas"}),
        ("认证", {"saas", "testing"}),
    ],
)
def test_latin_and_mixed_queries(search_backend, records, query, expected):
    titles = {records[key].title for key in expected}
    assert set(found(search_backend, query)) == titles


def test_or_operator(search_backend, records):
    assert set(found(search_backend, "融资 专利", operator="or")) == {
        records["finance"].title,
        records["ip"].title,
    }


def test_query_objects(search_backend, records):
    assert found(search_backend, Phrase("知识产权")) == [records["ip"].title]
    everything_but = set(found(search_backend, Not(PlainText("企业")), order_by_relevance=False))
    assert everything_but == {records["ip"].title, records["testing"].title}
    assert len(found(search_backend, MATCH_ALL)) == len(records)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"知识产权',
        "*",
        "咨询*",
        "NEAR",
        "NEAR(咨询 融资)",
        "咨询 OR 融资",
        "咨询 AND",
        "AND OR NOT",
        "title:咨询",
        ":",
        "(",
        ")",
        "-咨询",
        "咨询 -融资",
        "<script>alert(1)</script>",
        "'; DROP TABLE search_searchbenchmarkrecord; --",
        "\\",
        "^",
        "{title body}: 咨询",
        "　",
        "x" * 300,
    ],
)
def test_special_characters_and_operators_are_plain_text(search_backend, records, query):
    results = search_backend.search(query, SearchBenchmarkRecord)
    list(results)
    results.count()
    list(search_backend.autocomplete(query, SearchBenchmarkRecord))
    assert SearchBenchmarkRecord.objects.count() == len(records)


def test_operator_words_are_searched_as_words(search_backend, make_record):
    make_record("NEAR field communication", "NFC 近场通信")
    make_record("近场", "")
    assert found(search_backend, "NEAR") == ["NEAR field communication"]
    assert found(search_backend, "咨询 OR 融资") == []


def test_title_match_outranks_a_match_deep_in_the_body(search_backend, make_record):
    make_record("园区服务指南", LONG_BODY + "另设知识产权服务窗口。")
    make_record("知识产权服务", "面向企业的代理服务。")
    make_record("人才培训", LONG_BODY)
    assert found(search_backend, "知识产权") == ["知识产权服务", "园区服务指南"]


def test_scores_are_annotated_highest_first(search_backend, make_record):
    make_record("园区服务指南", LONG_BODY + "另设融资服务窗口。")
    make_record("融资服务", "银行对接")
    results = list(search_backend.search("融资", SearchBenchmarkRecord).annotate_score("_score"))
    assert [r.title for r in results] == ["融资服务", "园区服务指南"]
    assert results[0]._score > results[1]._score


def test_pagination_and_count(search_backend, make_record):
    for number in range(7):
        make_record(f"融资服务{number}", "")
    make_record("人才培训", "")
    results = search_backend.search("融资", SearchBenchmarkRecord)
    assert results.count() == 7
    first, second = list(results[:4]), list(results[4:8])
    assert len(first) == 4 and len(second) == 3
    assert not {r.pk for r in first} & {r.pk for r in second}
    assert results[4:8].count() == 3


def test_search_respects_the_queryset_filter_and_ordering(search_backend, records):
    queryset = SearchBenchmarkRecord.objects.exclude(title=records["consulting"].title)
    results = search_backend.search("咨询", queryset)
    assert [r.title for r in results] == [records["finance"].title]
    ordered = search_backend.search(
        "服务", SearchBenchmarkRecord.objects.order_by("title"), order_by_relevance=False
    )
    titles = [r.title for r in ordered]
    assert titles == sorted(titles) and len(titles) == 3


def test_queryset_search_method(search_backend, records):
    queryset = SearchBenchmarkRecord.objects.filter(title__in=["知识产权代理", "检验检测"])
    assert [r.title for r in queryset.search("产权")] == [records["ip"].title]


def test_autocomplete_finds_prefixes_and_chinese_substrings(search_backend, records):
    assert [r.title for r in search_backend.autocomplete("Saa", SearchBenchmarkRecord)] == [
        records["saas"].title
    ]
    assert [r.title for r in search_backend.autocomplete("融资", SearchBenchmarkRecord)] == [
        records["finance"].title
    ]
    # Admin listings pass their search_fields.
    results = search_backend.autocomplete("知识", SearchBenchmarkRecord, fields=["title"])
    assert [r.title for r in results] == [records["ip"].title]


def test_fields_argument_narrows_to_title(search_backend, records):
    assert found(search_backend, "专利", fields=["title"]) == []
    assert found(search_backend, "专利", fields=["body"]) == [records["ip"].title]


def test_editing_and_deleting_keep_the_index_right(search_backend, records):
    record = records["testing"]
    record.title = "计量校准"
    record.body = "计量器具校准服务。"
    record.save()
    assert found(search_backend, "检验") == []
    assert found(search_backend, "校准") == ["计量校准"]

    record.delete()
    assert found(search_backend, "校准") == []


def test_update_index_command_rebuilds_from_the_database(search_backend, records):
    # Rows written without signals are not in the index until the index is rebuilt.
    SearchBenchmarkRecord.objects.bulk_create([SearchBenchmarkRecord(title="质量认证咨询")])
    SearchBenchmarkRecord.objects.filter(pk=records["ip"].pk).update(title="商标代理")
    SearchBenchmarkRecord.objects.filter(pk=records["testing"].pk).delete()
    assert found(search_backend, "质量认证") == []

    with override_settings(WAGTAILSEARCH_BACKENDS=CHINESE_BACKEND):
        call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
        backend = get_search_backend()

    assert found(backend, "质量认证") == ["质量认证咨询"]
    assert found(backend, "商标代理") == ["商标代理"]
    assert found(backend, "检验检测") == []


def test_segmenter_option(db):
    backend = get_search_backend(
        "search.backends.database", SEGMENTER="jieba"
    )  # an explicit dotted path takes keyword options
    assert backend.segmenter.name == "jieba"
