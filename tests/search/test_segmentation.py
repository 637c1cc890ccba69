"""search.segmentation: text → index tokens, query → query terms."""

import pytest

from search.segmentation import (
    SEGMENTERS,
    QueryTerm,
    get_segmenter,
    index_text,
    normalise,
    query_terms,
)

LONG_TEXT = (
    "本平台为中小企业提供管理咨询、融资服务、知识产权保护和数字化转型服务，"
    "支持SaaS平台与ISO9001认证。"
)


def test_normalise_folds_width_and_case():
    assert normalise("ＳａａＳ平台　ERP") == "saas平台 erp"


def test_bigram_index_tokens_are_bigrams_then_the_last_character():
    assert index_text("提供咨询") == "提供 供咨 咨询 询"


def test_each_character_of_a_cjk_run_starts_exactly_one_token():
    tokens = index_text("数字化转型").split()
    assert [token[0] for token in tokens] == list("数字化转型")


def test_latin_and_digits_are_separate_lowercase_tokens():
    assert index_text("ISO9001认证, SaaS平台 & ERP") == "iso 9001 认证 证 saas 平台 台 erp"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("咨询", [QueryTerm(("咨询",))]),
        ("知识产权", [QueryTerm(("知识", "识产", "产权"))]),
        ("企", [QueryTerm(("企",), prefix=True)]),
        ("SaaS平台", [QueryTerm(("saas", "平台"))]),
        ("平台SaaS", [QueryTerm(("平台", "台", "saas"))]),
        ("ISO9001认证", [QueryTerm(("iso", "9001", "认证"))]),
        ("融资 咨询", [QueryTerm(("融资",)), QueryTerm(("咨询",))]),
        ("融资，咨询", [QueryTerm(("融资",)), QueryTerm(("咨询",))]),
    ],
)
def test_bigram_query_terms(query, expected):
    assert query_terms(query) == expected


@pytest.mark.parametrize("query", ['"', "*", ":", "(", "-", "()", '"*:(-)"', "　", ""])
def test_queries_without_letters_have_no_terms(query):
    assert query_terms(query) == []


def test_operators_and_markup_become_plain_words():
    terms = query_terms('NEAR OR AND "x" <script>alert(1)</script>')
    assert [term.tokens for term in terms] == [
        ("near",),
        ("or",),
        ("and",),
        ("x",),
        ("script",),
        ("alert",),
        ("1",),
        ("script",),
    ]
    for term in terms:
        for token in term.tokens:
            assert token.isalnum()


def test_autocomplete_makes_the_last_latin_term_a_prefix():
    assert query_terms("融资 saa", prefix_last=True)[-1] == QueryTerm(("saa",), prefix=True)
    assert query_terms("融资 saa")[-1] == QueryTerm(("saa",))


def _matches(segmenter, query, text):
    """Evaluate query terms against index tokens the way the database does."""
    tokens = segmenter.index_tokens(text)
    for term in segmenter.query_terms(query):
        *head, last = term.tokens
        if not term.phrase:
            ok = all(t in tokens for t in head) and any(
                t == last or (term.prefix and t.startswith(last)) for t in tokens
            )
        else:
            n = len(term.tokens)
            ok = any(
                tokens[i : i + n - 1] == head
                and (
                    tokens[i + n - 1] == last
                    or (term.prefix and tokens[i + n - 1].startswith(last))
                )
                for i in range(len(tokens) - n + 1)
            )
        if not ok:
            return False
    return True


def _chinese_substrings(text, lengths):
    for length in lengths:
        for start in range(len(text) - length + 1):
            query = text[start : start + length]
            if all("\u4e00" <= character <= "\u9fff" for character in query):
                yield query


@pytest.mark.parametrize("name", ["bigram", "unigram_bigram"])
def test_ngram_segmenters_find_every_chinese_substring_of_one_to_four_characters(name):
    segmenter = get_segmenter(name)
    queries = list(_chinese_substrings(LONG_TEXT, range(1, 5)))
    assert len(queries) > 100
    for query in queries:
        assert _matches(segmenter, query, LONG_TEXT), query


@pytest.mark.parametrize("name", ["bigram", "unigram_bigram", "jieba"])
@pytest.mark.parametrize("query", ["saas", "SaaS平台", "ISO9001", "iso", "9001认证", "平台与ISO"])
def test_latin_and_mixed_queries_match_whole_words(name, query):
    assert _matches(get_segmenter(name), query, LONG_TEXT)
    assert not _matches(get_segmenter(name), "aas", LONG_TEXT)


@pytest.mark.parametrize("name", ["bigram", "unigram_bigram"])
@pytest.mark.parametrize("query", ["识产权保", "化转型服", "咨询服务", "平台与", "产权数字"])
def test_ngram_segmenters_do_not_match_what_is_not_a_substring(name, query):
    text = "知识产权 保护，数字化 转型；管理咨询"
    assert not _matches(get_segmenter(name), query, text)


def test_jieba_finds_dictionary_words_but_not_every_substring():
    segmenter = get_segmenter("jieba")
    assert _matches(segmenter, "知识产权", LONG_TEXT)
    assert _matches(segmenter, "咨询", LONG_TEXT)
    assert not _matches(segmenter, "字化", LONG_TEXT)  # inside the word 数字化


def test_every_segmenter_is_registered_and_unknown_names_are_refused():
    assert set(SEGMENTERS) == {"bigram", "unigram_bigram", "jieba"}
    with pytest.raises(ValueError, match="Unknown search segmenter"):
        get_segmenter("ik")
