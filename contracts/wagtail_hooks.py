"""Admin registration only; the viewsets live in contracts.admin."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from contracts.admin import ContractsGroup
from contracts.log_actions import LOG_ACTIONS

register_snippet(ContractsGroup)


@hooks.register("register_log_actions")
def register_contract_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
