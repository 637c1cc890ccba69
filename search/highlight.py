"""Highlighting the words a query matched, with the same terms the search backend looks up.

`search.segmentation` turns a query into terms (what the user separated by spaces or
punctuation) and each term into pieces: CJK runs, letter runs, digit runs. The bigram backend
finds a CJK run as a substring, a letter or digit run as a whole word, and a term's pieces in a
row with only separators between them (SaaS平台 finds "SaaS 平台"). `QueryHighlighter` builds one
regular expression with those rules and applies it to the text's normalised form (NFKC,
case-folded, as the index sees it), so full-width letters and capitals are found too; the spans
are mapped back onto the original text.

Everything returned for HTML is escaped first and only then wrapped in ``<mark>``: a query or a
text holding ``<script>`` comes out as text.
"""

import html
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from search.segmentation import normalise, pieces, query_term_strings

# Texts longer than this are cut before highlighting: a snippet comes from their beginning.
MAX_TEXT_LENGTH = 20_000
SNIPPET_LENGTH = 120
# Characters of context kept before the first match in a snippet.
SNIPPET_LEAD = 30
ELLIPSIS = "…"
# A query with more terms than this is highlighted for its first terms only.
MAX_TERMS = 16

# Letters that are not CJK: a Latin word must not continue into one of these.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_LETTER = rf"(?![{_CJK}])[^\W\d_]"
_SEPARATORS = r"[\W_]*"
_WHITESPACE = re.compile(r"\s+")


def html_to_text(value):
    """Plain text of an HTML fragment: tags become spaces, entities characters."""
    if not value:
        return ""
    return html.unescape(strip_tags(str(value).replace("<", " <")))


def squash(text):
    """Runs of whitespace (newlines, tabs) as single spaces, trimmed."""
    return _WHITESPACE.sub(" ", text or "").strip()


def _piece_pattern(piece):
    if piece.is_cjk:
        return re.escape(piece.text)
    if piece.text[0].isdigit():
        return rf"(?<!\d){re.escape(piece.text)}(?!\d)"
    return rf"(?<!{_LETTER}){re.escape(piece.text)}(?!{_LETTER})"


def query_pattern(query):
    """The compiled pattern of a query's terms (on normalised text), or None if it has none."""
    alternatives = []
    for term in query_term_strings(query or "")[:MAX_TERMS]:
        term_pieces = pieces(term)
        if term_pieces:
            alternatives.append(_SEPARATORS.join(_piece_pattern(piece) for piece in term_pieces))
    if not alternatives:
        return None
    # Longer alternatives first, so that 融资服务 wins over 融资 where both match.
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(f"(?:{alternative})" for alternative in alternatives))


@dataclass(frozen=True)
class Highlighted:
    """A piece of text and the [start, end) spans of its matches (in characters of `text`)."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def as_html(self) -> SafeString:
        parts, position = [], 0
        for start, end in self.spans:
            parts.append(escape(self.text[position:start]))
            parts.append(f"<mark>{escape(self.text[start:end])}</mark>")
            position = end
        parts.append(escape(self.text[position:]))
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above

    def __str__(self):
        return self.text


class QueryHighlighter:
    """Finds a query's matches in texts; one per request, reused for every result."""

    def __init__(self, query):
        self.pattern = query_pattern(query)

    def spans(self, text):
        """[start, end) spans of the matches in `text`, in order, not overlapping."""
        if not self.pattern or not text:
            return []
        normalised, origin = _normalise_with_origin(text)
        spans = []
        for match in self.pattern.finditer(normalised):
            if match.end() == match.start():
                continue
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if spans and start <= spans[-1][1]:
                # Touching or overlapping the previous match: one mark for both.
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
                continue
            spans.append((start, end))
        return spans

    def highlight(self, text):
        """The whole text with its matches."""
        text = text or ""
        return Highlighted(text, tuple(self.spans(text)))

    def snippet(self, *texts, length=SNIPPET_LENGTH):
        """About `length` characters around the first match in the texts (tried in order), or
        the beginning of the first non-empty text when none matches."""
        texts = [squash(text)[:MAX_TEXT_LENGTH] for text in texts]
        texts = [text for text in texts if text]
        if not texts:
            return Highlighted("", ())
        for text in texts:
            spans = self.spans(text)
            if spans:
                return _window(text, spans, length)
        return _window(texts[0], [], length)


def _normalise_with_origin(text):
    """The text as the index sees it, and for each of its characters the original index."""
    characters, origin = [], []
    for index, character in enumerate(text[:MAX_TEXT_LENGTH]):
        normalised = normalise(character) if not character.isascii() else character.lower()
        characters.append(normalised)
        origin.extend([index] * len(normalised))
    return "".join(characters), origin


def _window(text, spans, length):
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_LEAD) if first + SNIPPET_LEAD > length else 0
    end = min(len(text), start + length)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    kept = tuple(
        (max(span_start, start) + shift, min(span_end, end) + shift)
        for span_start, span_end in spans
        if span_start < end and span_end > start
    )
    return Highlighted(prefix + text[start:end] + suffix, kept)
