"""Admin registration only; the viewsets live in marketplace.admin."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from marketplace.admin import InstitutionsAndReviewGroup
from marketplace.admin.scoping import ScopedSnippetDeleteBulkAction

register_snippet(InstitutionsAndReviewGroup)

# After Wagtail's own (order 0): the registry keeps the last action per model and name, so this
# one replaces Wagtail's bulk delete for the snippets of platform data.
hooks.register("register_bulk_action", ScopedSnippetDeleteBulkAction, order=1)


@hooks.register("register_log_actions")
def register_order_log_actions(actions):
    """Order and evaluation transitions in Wagtail's log (history, admin log views)."""
    from marketplace.models.evaluations import EVALUATION_LOG_ACTIONS
    from marketplace.models.orders import LOG_ACTIONS

    for action, label in {**LOG_ACTIONS, **EVALUATION_LOG_ACTIONS}.items():
        actions.register_action(action, label, label)
