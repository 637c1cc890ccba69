"""The home page's "政策法规" section: the newest policies of the site's policy index."""

from home.sections import HomeSection
from policies.models import PolicyIndexPage

LATEST_POLICY_COUNT = 8


def latest_policies(request, home_page):
    index = PolicyIndexPage.objects.child_of(home_page).live().public().first()
    if index is None:
        return None
    return HomeSection(
        template="policies/includes/home_section.html",
        context={
            "index": index,
            "index_url": index.get_url(request),
            # Lazy: the template's cached fragment only runs it on a miss.
            "policies": index.latest_policies(LATEST_POLICY_COUNT),
        },
    )
