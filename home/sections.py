"""Sections of the home page that other apps provide (latest policies, open declarations, …).

An app registers a provider in its `wagtail_hooks.py`:
`hooks.register(HOME_SECTION_HOOK, provider, order=N)`, where `provider(request, home_page)`
returns a `HomeSection` or None; sections appear in hook order. Providers must run a fixed
number of queries whatever the amount of content. Home imports none of the apps above it.
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOME_SECTION_HOOK = "register_home_section"


@dataclass
class HomeSection:
    template: str
    context: dict = field(default_factory=dict)


def home_section_providers():
    return hooks.get_hooks(HOME_SECTION_HOOK)


def home_sections(request, page):
    sections = []
    for provider in home_section_providers():
        if (section := provider(request, page)) is not None:
            sections.append(section)
    return sections
