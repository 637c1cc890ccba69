"""Sections of the home page that other apps provide (latest policies, open declarations, …).

An app registers a provider in its `wagtail_hooks.py`:
`hooks.register(HOME_SECTION_HOOK, provider, order=N)`, where `provider(request, home_page)`
returns a `HomeSection` or None; sections appear in hook order. Providers must run a fixed
number of queries whatever the amount of content. Home imports none of the apps above it.

A section also says what it shows for apps (`/api/v2/site/`, home/api.py): its `key`, `title`,
`link` (the "更多" page) and `items`, a callable giving the rows as plain dicts with at least
`title` and `url` (site-relative URLs; the API makes them absolute). It is called only when the
API asks, so the HTML page's cached fragments still run no query on a hit.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail import hooks

HOME_SECTION_HOOK = "register_home_section"


@dataclass
class HomeSection:
    template: str
    context: dict = field(default_factory=dict)
    key: str = ""
    title: str = ""
    link: str = ""
    items: Callable[[], list[dict]] | None = None


def home_section_providers():
    return hooks.get_hooks(HOME_SECTION_HOOK)


def home_sections(request, page):
    sections = []
    for provider in home_section_providers():
        if (section := provider(request, page)) is not None:
            sections.append(section)
    return sections
