"""Who may publish in the catalogue: one rule for the member centre's pages and the member API.

Products and demands go live without review, so only an enterprise whose profile is complete
(`Enterprise.is_complete`) may publish or relist one. The refusal is an `ActionRefused` with the
Chinese message the pages show; the member API answers it as a 403.
"""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import ActionRefused

PRODUCT_PROFILE_INCOMPLETE = _("未填写资料的企业不能发布产品。")
DEMAND_PROFILE_INCOMPLETE = _("未填写资料的企业不能发布需求。")


class ProfileIncomplete(ActionRefused):
    """The enterprise must complete its profile first: the wrong member state, not a conflict."""

    status_code = 403


def require_complete_profile(enterprise, message=PRODUCT_PROFILE_INCOMPLETE):
    if not enterprise.is_complete:
        raise ProfileIncomplete(message)
