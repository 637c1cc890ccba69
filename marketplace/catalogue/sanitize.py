"""A strict whitelist HTML sanitiser for members' rich-text product descriptions (R2.5).

Members write HTML in the centre's small editor; what is stored and shown is only what this
module lets through: a short list of formatting tags, links to http(s)/mailto (with
rel="nofollow"), and `<img>` whose `src` is one of the member's *own* library files. Everything
else — scripts, event handlers, styles, iframes, other sites' or other members' images — is
dropped. Text is always re-escaped, so the output is safe to render with `|safe`.

Neither `nh3` nor `bleach` is installed; the standard library's tokenizer is enough for a
whitelist this small (we never try to repair or keep anything we do not understand).
"""

import re
from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "img",
}  # fmt: skip
VOID_TAGS = {"br", "img"}
# Their content goes too, not only the tags.
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
    "select", "svg", "math", "title", "head",
}  # fmt: skip
MAX_IMAGE_DIMENSION = 1200
MAX_TABLE_SPAN = 20
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")


def _number(value, maximum):
    value = (value or "").strip()
    if value.isdigit() and 0 < int(value) <= maximum:
        return str(int(value))
    return None


def _safe_link(value):
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    url = _CONTROL_AND_SPACE.sub("", value or "")
    return url if url.lower().startswith(SAFE_LINK_SCHEMES) else None


class _Sanitiser(HTMLParser):
    def __init__(self, allowed_image_srcs):
        super().__init__(convert_charrefs=True)
        self.allowed_image_srcs = allowed_image_srcs
        self.output = []
        self.open_tags = []
        self.dropping = []  # stack of DROP_WITH_CONTENT tags we are inside

    # Tags ---------------------------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag in DROP_WITH_CONTENT:
                self.dropping.append(tag)
            return
        if tag in DROP_WITH_CONTENT:
            self.dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return
        clean_attrs = self._attributes(tag, dict(attrs))
        if clean_attrs is None:
            return
        rendered = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in clean_attrs)
        self.output.append(f"<{tag}{rendered}>")
        if tag not in VOID_TAGS:
            self.open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.open_tags and self.open_tags[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag not in self.open_tags:
            return
        # Close whatever was left open inside it, so the output is always balanced.
        while self.open_tags:
            open_tag = self.open_tags.pop()
            self.output.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def _attributes(self, tag, attrs):
        """The kept attributes in a fixed order, or None to drop the whole tag."""
        if tag == "a":
            href = _safe_link(attrs.get("href"))
            if href is None:
                return []  # keep the text, lose the link target
            return [("href", href), ("rel", "nofollow noopener")]
        if tag == "img":
            src = (attrs.get("src") or "").strip()
            if src not in self.allowed_image_srcs:
                return None
            kept = [("src", src), ("alt", (attrs.get("alt") or "").strip()[:200])]
            for name in ("width", "height"):
                if (value := _number(attrs.get(name), MAX_IMAGE_DIMENSION)) is not None:
                    kept.append((name, value))
            return kept
        if tag in {"td", "th"}:
            return [
                (name, value)
                for name in ("colspan", "rowspan")
                if (value := _number(attrs.get(name), MAX_TABLE_SPAN)) is not None
            ]
        return []

    # Text ---------------------------------------------------------------------------------

    def handle_data(self, data):
        if not self.dropping:
            self.output.append(escape(data, quote=False))

    # Comments, doctype, processing instructions, CDATA: never kept.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass

    def result(self):
        self.close()
        while self.open_tags:
            self.output.append(f"</{self.open_tags.pop()}>")
        return "".join(self.output).strip()


def sanitize_html(html, *, allowed_image_srcs=frozenset()):
    """The whitelisted subset of `html`; `<img>` only with a `src` in `allowed_image_srcs`."""
    parser = _Sanitiser(frozenset(allowed_image_srcs))
    parser.feed(html or "")
    return parser.result()
