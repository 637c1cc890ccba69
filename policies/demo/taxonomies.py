"""The policies' taxonomies: issuing bodies, categories and industries (`policies.demo.data`).

Idempotent: matched by name, slug and code, and brought up to date.
"""

from policies.demo.data import CATEGORIES, INDUSTRIES, ISSUING_BODIES
from policies.models import Industry, IssuingBody, PolicyCategory


def seed_taxonomies():
    """(issuing bodies by name, categories by slug, industries by code)"""
    bodies = {}
    for name, level, sort_order in ISSUING_BODIES:
        bodies[name], _ = IssuingBody.objects.update_or_create(
            name=name, defaults={"level": level, "sort_order": sort_order}
        )
    categories = {}
    for position, (slug, name) in enumerate(CATEGORIES):
        categories[slug], _ = PolicyCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "sort_order": position * 10}
        )
    industries = {}
    for code, name in INDUSTRIES:
        industries[code], _ = Industry.objects.update_or_create(code=code, defaults={"name": name})
    return bodies, categories, industries
