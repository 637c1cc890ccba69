"""Admin registration only; the viewsets live in contracts.admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from contracts.admin import ContractsGroup
from contracts.log_actions import LOG_ACTIONS
from marketplace.members.views.center.menu import (
    ENTERPRISE,
    INSTITUTION,
    MENU_HOOK,
    CenterMenuItem,
)

register_snippet(ContractsGroup)


@hooks.register("register_log_actions")
def register_contract_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register(MENU_HOOK)
def contracts_centre_menu_items():
    return [
        CenterMenuItem(kind, 60, _("合同管理"), "contracts:list", "contracts")
        for kind in (ENTERPRISE, INSTITUTION)
    ]
