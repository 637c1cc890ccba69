"""Admin registration only; the viewsets live in marketplace.members.admin."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from marketplace.members.admin import InstitutionsAndReviewGroup
from marketplace.members.admin.scoping import ScopedSnippetDeleteBulkAction

register_snippet(InstitutionsAndReviewGroup)

# After Wagtail's own (order 0): the registry keeps the last action per model and name, so this
# one replaces Wagtail's bulk delete for the snippets of platform data.
hooks.register("register_bulk_action", ScopedSnippetDeleteBulkAction, order=1)
