"""Sections of the home page that other apps provide (latest policies, open declarations, …).

Each entry names a callable `provider(request, home_page)` returning a `HomeSection` or None.
Providers must run a fixed number of queries whatever the amount of content.
"""

from dataclasses import dataclass, field
from importlib import import_module

HOME_SECTION_PROVIDERS = [
    "policies.home_sections.latest_policies",
    "notices.home_sections.open_declarations",
    "notices.home_sections.upcoming_activities",
    "notices.home_sections.latest_news",
    "marketplace.home_sections.latest_services",
    "marketplace.home_sections.latest_products",
    "marketplace.home_sections.latest_demands",
]


@dataclass
class HomeSection:
    template: str
    context: dict = field(default_factory=dict)


def _load(path):
    module_name, _dot, attr = path.rpartition(".")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return None  # the app has not built its section yet
    return getattr(module, attr, None)


def home_sections(request, page):
    sections = []
    for path in HOME_SECTION_PROVIDERS:
        provider = _load(path)
        if provider is not None and (section := provider(request, page)) is not None:
            sections.append(section)
    return sections
