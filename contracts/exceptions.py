"""What a refused contract transition raises; its message is shown to the member as is."""


class ContractTransitionNotAllowed(Exception):
    """An illegal contract action (wrong role, wrong state, missing content). Nothing changed."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)

    def __str__(self):
        return self.message
