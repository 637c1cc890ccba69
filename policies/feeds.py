"""RSS and Atom feeds of a policy index's latest policies (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _


class LatestPoliciesFeed(Feed):
    """Served by `PolicyIndexPage` at `feed/`; the index page is the feed's object."""

    item_count = 30

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.index_url = self.index_page.get_full_url(request)
        return self.index_page

    def title(self, index_page):
        return _("%(title)s - 湖南省中小企业公共服务平台") % {"title": index_page.title}

    def link(self, index_page):
        return self.index_url

    def description(self, index_page):
        return _("国家、省、市县最新惠企政策法规。")

    def items(self, index_page):
        return index_page.latest_policies(self.item_count)

    def item_title(self, policy):
        return policy.title

    def item_description(self, policy):
        facts = " · ".join(
            fact
            for fact in (
                policy.document_number,
                policy.issuing_body.name if policy.issuing_body else "",
                policy.get_level_display(),
            )
            if fact
        )
        return f"{facts}\n{policy.summary}".strip()

    def item_link(self, policy):
        return f"{self.index_url}{policy.slug}/"

    def item_pubdate(self, policy):
        midnight = datetime.datetime.combine(policy.publish_date, datetime.time())
        return timezone.make_aware(midnight)

    def item_updateddate(self, policy):
        return policy.last_published_at

    def item_author_name(self, policy):
        return policy.issuing_body.name if policy.issuing_body else None

    def item_categories(self, policy):
        return [category.name for category in policy.categories.all()]


class LatestPoliciesAtomFeed(LatestPoliciesFeed):
    feed_type = Atom1Feed
    subtitle = LatestPoliciesFeed.description
