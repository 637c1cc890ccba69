"""Chinese-aware text segmentation for the search index (pure functions, no Django).

Database full-text engines (SQLite FTS5, PostgreSQL tsvector) split text on spaces and
punctuation, so a run of Chinese characters becomes one token and 咨询 is never found inside
提供管理咨询服务. We therefore segment the text ourselves, at indexing time and at query time,
and hand the engine a string of space-separated tokens it cannot split any further.

Three segmenters are provided; `docs/decisions/0004-chinese-search-segmentation.md` has the
measurements that made `bigram` the default:

* ``bigram`` — each CJK run becomes its overlapping character bigrams followed by its last
  character (提供咨询 → 提供 供咨 咨询 询). Every character then starts exactly one token, so a
  1-character query is a prefix query (咨*), a 2-character query is one token and a longer query
  is a phrase of consecutive bigrams. Finds every substring, and only substrings.
* ``unigram_bigram`` — the classic CJK analyzer: the bigrams, then every character again as a
  unigram. Same matches as ``bigram``, about twice the tokens.
* ``jieba`` — dictionary words (``jieba.cut_for_search``) at indexing time, ``jieba.cut`` at query
  time. Fewer, more meaningful tokens, but a query that is not a dictionary word, or that crosses
  a word boundary (字化 in 数字化), is not found.

Latin letters and digits are tokens of their own (NFKC-normalised and case-folded, split where
letters meet digits: ISO9001 → iso 9001), so SaaS, ERP, ISO9001 and mixed terms such as
SaaS平台 or ISO9001认证 work in every segmenter. Everything else — punctuation, quotes, FTS
operators such as ``*``, ``:``, ``(``, ``-``, ``NEAR`` — is either a separator or a plain word,
never syntax: tokens only ever contain letters, digits and CJK characters.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Han (with extensions and compatibility ideographs), kana and Hangul: scripts written without
# spaces between words, so that a "word" for the database is a whole clause.
_CJK_CHARS = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0003134f"  # CJK Extensions B–G
)
# One piece of text: a CJK run, a run of letters or a run of digits. Anything else separates.
_PIECE_RE = re.compile(rf"(?P<cjk>[{_CJK_CHARS}]+)|(?P<letters>[^\W\d_]+)|(?P<digits>\d+)")
# Letters of other scripts are matched by `[^\W\d_]` too; CJK takes precedence in the alternation,
# but a letters run could still swallow CJK after a Latin letter, so split those out again.
_CJK_RE = re.compile(rf"[{_CJK_CHARS}]+")
# Separators between query terms: whitespace and punctuation.
_TERM_SEPARATOR_RE = re.compile(r"[\W_]+")

# A token longer than this is not a word anyone searches for (base64, hashes, URLs) and
# PostgreSQL refuses words over 2 KB.
MAX_TOKEN_LENGTH = 64


@dataclass(frozen=True)
class Piece:
    text: str
    is_cjk: bool


@dataclass(frozen=True)
class QueryTerm:
    """One term of a query, as index tokens.

    ``phrase``: the tokens must appear consecutively, in this order; otherwise each must appear
    somewhere in the same field. ``prefix``: the last token matches any token it starts.
    """

    tokens: tuple[str, ...]
    phrase: bool = True
    prefix: bool = False


def normalise(text: str) -> str:
    """Full-width forms to ASCII (ＳａａＳ → SaaS), compatibility ideographs to their unified
    forms, then case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def pieces(text: str) -> list[Piece]:
    """Split normalised text into CJK runs, letter runs and digit runs, in order."""
    result = []
    for match in _PIECE_RE.finditer(text):
        if match.lastgroup == "cjk":
            result.append(Piece(match.group(), True))
            continue
        word = match.group()
        # `[^\W\d_]+` also matches CJK characters that follow a Latin letter (sаas平台).
        position = 0
        for cjk in _CJK_RE.finditer(word):
            if cjk.start() > position:
                result.append(Piece(word[position : cjk.start()], False))
            result.append(Piece(cjk.group(), True))
            position = cjk.end()
        if position < len(word):
            result.append(Piece(word[position:], False))
    return [piece for piece in result if len(piece.text) <= MAX_TOKEN_LENGTH or piece.is_cjk]


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def query_term_strings(query: str) -> list[str]:
    """The terms of a query: what the user separated by spaces or punctuation."""
    return [term for term in _TERM_SEPARATOR_RE.split(normalise(query)) if term]


class Segmenter:
    """Turns text into index tokens and query strings into `QueryTerm`s."""

    name = ""

    def index_tokens(self, text: str) -> list[str]:
        raise NotImplementedError

    def query_terms(self, query: str, *, prefix_last: bool = False) -> list[QueryTerm]:
        """``prefix_last``: the user is still typing the last term (autocomplete)."""
        raise NotImplementedError

    def index_text(self, text: str) -> str:
        """The text to store in the index: tokens separated by single spaces."""
        return " ".join(self.index_tokens(text or ""))


class BigramSegmenter(Segmenter):
    """Overlapping bigrams plus each run's last character; see the module docstring."""

    name = "bigram"

    def index_tokens(self, text):
        tokens = []
        for piece in pieces(normalise(text)):
            if piece.is_cjk:
                tokens.extend(bigrams(piece.text))
                tokens.append(piece.text[-1])
            else:
                tokens.append(piece.text)
        return tokens

    def query_terms(self, query, *, prefix_last=False):
        terms = []
        term_strings = query_term_strings(query)
        for index, term in enumerate(term_strings):
            term_pieces = pieces(term)
            if not term_pieces:
                continue
            tokens = []
            for position, piece in enumerate(term_pieces):
                is_last = position == len(term_pieces) - 1
                if not piece.is_cjk:
                    tokens.append(piece.text)
                elif len(piece.text) == 1:
                    # A single character starts exactly one token wherever it occurs.
                    tokens.append(piece.text)
                else:
                    tokens.extend(bigrams(piece.text))
                    if not is_last:
                        # The text's run ends here too (a letter follows), so its last
                        # character was indexed as a token of its own.
                        tokens.append(piece.text[-1])
            last = term_pieces[-1]
            prefix = (last.is_cjk and len(last.text) == 1) or (
                prefix_last and not last.is_cjk and index == len(term_strings) - 1
            )
            terms.append(QueryTerm(tuple(tokens), phrase=True, prefix=prefix))
        return terms


class UnigramBigramSegmenter(Segmenter):
    """Bigrams in text order, then every character of the multi-character runs as unigrams."""

    name = "unigram_bigram"

    def index_tokens(self, text):
        tokens, unigrams = [], []
        for piece in pieces(normalise(text)):
            if not piece.is_cjk or len(piece.text) == 1:
                tokens.append(piece.text)
            else:
                tokens.extend(bigrams(piece.text))
                unigrams.extend(piece.text)
        # Unigrams go after all the bigrams so that phrases of bigrams stay consecutive.
        return tokens + unigrams

    def query_terms(self, query, *, prefix_last=False):
        terms = []
        term_strings = query_term_strings(query)
        for index, term in enumerate(term_strings):
            term_pieces = pieces(term)
            if not term_pieces:
                continue
            if len(term_pieces) == 1 and term_pieces[0].is_cjk and len(term_pieces[0].text) == 1:
                terms.append(QueryTerm((term_pieces[0].text,)))
                continue
            tokens = []
            for piece in term_pieces:
                if piece.is_cjk and len(piece.text) > 1:
                    tokens.extend(bigrams(piece.text))
                else:
                    tokens.append(piece.text)
            prefix = prefix_last and not term_pieces[-1].is_cjk and index == len(term_strings) - 1
            # A lone character beside a word (云SaaS) is in the bigram stream only when the text's
            # run is that one character (智能云SaaS indexes 能云, not 云): ask for every token
            # instead of a phrase there, trading a little precision for recall.
            exact = not any(piece.is_cjk and len(piece.text) == 1 for piece in term_pieces)
            terms.append(QueryTerm(tuple(tokens), phrase=exact, prefix=prefix))
        return terms


class JiebaSegmenter(Segmenter):
    """Dictionary words: `cut_for_search` (words and their sub-words) to index, `cut` to query."""

    name = "jieba"

    def _words(self, run: str, *, for_search: bool) -> list[str]:
        import jieba  # imported lazily: loading its dictionary takes seconds

        jieba.setLogLevel(logging.WARNING)
        cut = jieba.cut_for_search if for_search else jieba.cut
        return [word for word in cut(run) if word.strip()]

    def index_tokens(self, text):
        tokens = []
        for piece in pieces(normalise(text)):
            if piece.is_cjk:
                tokens.extend(self._words(piece.text, for_search=True))
            else:
                tokens.append(piece.text)
        return tokens

    def query_terms(self, query, *, prefix_last=False):
        terms = []
        term_strings = query_term_strings(query)
        for index, term in enumerate(term_strings):
            tokens = []
            term_pieces = pieces(term)
            for piece in term_pieces:
                if piece.is_cjk:
                    tokens.extend(self._words(piece.text, for_search=False))
                else:
                    tokens.append(piece.text)
            if tokens:
                prefix = (
                    prefix_last and not term_pieces[-1].is_cjk and index == len(term_strings) - 1
                )
                # Sub-words were indexed at the same place as their word, so positions do not
                # line up with `cut`'s: require every word, not a phrase.
                terms.append(QueryTerm(tuple(tokens), phrase=False, prefix=prefix))
        return terms


SEGMENTERS: dict[str, type[Segmenter]] = {
    segmenter.name: segmenter
    for segmenter in (BigramSegmenter, UnigramBigramSegmenter, JiebaSegmenter)
}
DEFAULT_SEGMENTER = BigramSegmenter.name


@cache
def get_segmenter(name: str = DEFAULT_SEGMENTER) -> Segmenter:
    try:
        return SEGMENTERS[name]()
    except KeyError:
        raise ValueError(
            f"Unknown search segmenter {name!r}; choose one of {', '.join(SEGMENTERS)}."
        ) from None


def index_text(text: str, segmenter: str = DEFAULT_SEGMENTER) -> str:
    """Text → the space-separated index tokens stored for it."""
    return get_segmenter(segmenter).index_text(text)


def query_terms(
    query: str, segmenter: str = DEFAULT_SEGMENTER, *, prefix_last: bool = False
) -> list[QueryTerm]:
    """Query string → the terms to look up, each a tuple of index tokens."""
    return get_segmenter(segmenter).query_terms(query, prefix_last=prefix_last)
