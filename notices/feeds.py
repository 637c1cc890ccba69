"""RSS 2.0 and Atom feeds of a notice index (<index>/feed/ and <index>/feed/atom/)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_SIZE = 20


class NoticeRssFeed(Feed):
    def get_object(self, request, index_page):
        self.request = request
        self.index_page = index_page
        self.index_url = index_page.get_url(request)
        return index_page

    def title(self, index_page):
        return f"{index_page.title} - {_('湖南省中小企业公共服务平台')}"

    def link(self, index_page):
        return self.index_url

    def description(self, index_page):
        return _("%(title)s最新发布") % {"title": index_page.title}

    def items(self, index_page):
        return index_page.live_notices().order_by("-publish_date", "-first_published_at")[
            :FEED_SIZE
        ]

    def item_title(self, notice):
        return notice.title

    def item_description(self, notice):
        return notice.summary or notice.search_description or notice.title

    def item_link(self, notice):
        return f"{self.index_url}{notice.slug}/"

    def item_guid(self, notice):
        return f"{self.index_url}{notice.slug}/#page-{notice.pk}"

    def item_pubdate(self, notice):
        # The editor's publish date is what readers know; noon avoids a day shift across zones.
        return timezone.make_aware(datetime.combine(notice.publish_date, time(12)))

    def item_updateddate(self, notice):
        return notice.last_published_at


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index_page):
        return self.description(index_page)
