"""A search query as the portal searches it: the site search (/search/, /api/v2/search/) and every
API listing's `?search=` share the clean-up and the length cap.

A longer query is refused rather than searched: its cost (segmenting, matching every term) grows
with its length, and nobody types a hundred characters into a search box.
"""

import unicodedata

MAX_QUERY_LENGTH = 100


def clean_query(value):
    """The query as searched: control characters dropped, whitespace collapsed, and whether it
    had to be cut to `MAX_QUERY_LENGTH`."""
    value = "".join(
        character for character in value or "" if unicodedata.category(character)[0] != "C"
    )
    value = " ".join(value.split())
    return value[:MAX_QUERY_LENGTH].strip(), len(value) > MAX_QUERY_LENGTH
