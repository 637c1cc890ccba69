"""Search field entries shared by the models an enterprise owns (demands, enterprise products)."""

from wagtail.search import index


def enterprise_owner_search_fields():
    """The category's name and the owning enterprise's name, with the owner's account state.

    New instances on each call, to be placed in the model's own `search_fields`. The
    `enterprise__user__is_active` filter field is what `public()` filters on.
    """
    return [
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields(
            "enterprise",
            [
                index.SearchField("name"),
                index.RelatedFields("user", [index.FilterField("is_active")]),
            ],
        ),
    ]
