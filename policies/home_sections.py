"""The home page's "政策法规" section: the newest policies of the site's policy index."""

from django.utils.translation import gettext_lazy as _

from home.sections import HomeSection
from policies.models import PolicyIndexPage

LATEST_POLICY_COUNT = 8


def latest_policies(request, home_page):
    index = PolicyIndexPage.objects.child_of(home_page).live().public().first()
    if index is None:
        return None
    index_url = index.get_url(request)
    policies = index.latest_policies(LATEST_POLICY_COUNT)

    def items():
        return [
            {
                "id": policy.pk,
                "title": policy.title,
                "url": f"{index_url}{policy.slug}/",
                "publish_date": policy.publish_date.isoformat(),
                "level": policy.level,
                "level_label": str(policy.get_level_display()),
            }
            for policy in policies
        ]

    return HomeSection(
        template="policies/includes/home_section.html",
        context={
            "index": index,
            "index_url": index_url,
            # Lazy: the template's cached fragment only runs it on a miss.
            "policies": policies,
        },
        key="policies",
        title=_("政策法规"),
        link=index_url,
        items=items,
    )
