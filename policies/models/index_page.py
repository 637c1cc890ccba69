"""The policy index (政策法规): a filterable, paginated list of its policies, with feeds."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from policies.feeds import LatestPoliciesAtomFeed, LatestPoliciesFeed
from policies.listing import PolicyListing
from policies.models.policy_page import PolicyPage


class PolicyIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["policies.PolicyPage"]

    class Meta:
        verbose_name = _("政策法规栏目")
        verbose_name_plural = _("政策法规栏目")

    def live_policies(self):
        """The policies the public may see here (live, not in a private section)."""
        return PolicyPage.objects.child_of(self).live().public()

    def latest_policies(self, limit):
        return self.live_policies().for_listing().order_by("-publish_date", "-pk")[:limit]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = PolicyListing(self, request)
        return context

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return LatestPoliciesFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return LatestPoliciesAtomFeed(self)(request)
