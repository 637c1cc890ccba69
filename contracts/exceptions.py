"""What a refused contract transition raises; its message is shown to the member as is."""

from portal.exceptions import ActionRefused


class ContractTransitionNotAllowed(ActionRefused):
    """An illegal contract action (wrong role, wrong state, missing content). Nothing changed."""
