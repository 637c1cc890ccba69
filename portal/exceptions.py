"""Exceptions every layer shares.

`ActionRefused` is the base of the refusals the domain's transitions raise (an order or a
contract that cannot go where it was asked, or not by this user). Its `message` is Chinese and
meant for the member. The web views show it as a message; the member API answers it as a 409
with `{"message": …}` (`portal.member_api`), without knowing the upper layers' exception types.
"""


class ActionRefused(Exception):
    """A member's action that the rules refuse; nothing was changed. `message` is Chinese."""

    status_code = 409

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)

    def __str__(self):
        return self.message
