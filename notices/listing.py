"""The listing behind a notice index: filters, ordering, pagination, fixed query count.

Everything that touches the database is a cached property, so that on a fragment-cache hit
(`{% wagtailcache %}` in the template) no listing query runs at all.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property

from notices.forms import NoticeFilterForm
from notices.models import NoticeKind
from notices.models.activities import ActivityStatus
from notices.models.declarations import CLOSING_SOON, DeclarationStatus

PER_PAGE = 10
MAX_PAGE_NUMBER = 10_000  # bounds the cache keys a crawler can make with ?page=


@dataclass
class ListedNotice:
    notice: object
    url: str


def status_filter(kind, status, now):
    """The `Q` of a listing status (the HTML filters and the API's `?status=` agree)."""
    if kind == NoticeKind.ACTIVITY:
        return {
            ActivityStatus.UPCOMING: Q(start_at__gt=now),
            ActivityStatus.ONGOING: Q(start_at__lte=now, end_at__gte=now),
            ActivityStatus.ENDED: Q(end_at__lt=now),
        }[status]
    if kind == NoticeKind.DECLARATION:
        closing_from = now + CLOSING_SOON
        return {
            DeclarationStatus.NOT_STARTED: Q(opens_at__gt=now, deadline__gt=now),
            DeclarationStatus.OPEN: Q(opens_at__lte=now, deadline__gt=closing_from),
            DeclarationStatus.CLOSING_SOON: Q(
                opens_at__lte=now, deadline__gt=now, deadline__lte=closing_from
            ),
            DeclarationStatus.CLOSED: Q(deadline__lte=now),
        }[status]
    return Q()


def _ordered(queryset, kind, now):
    """Current things first, nearest date first; past things after, most recent first."""
    if kind == NoticeKind.NEWS:
        return queryset.order_by("-publish_date", "-first_published_at", "-pk")
    if kind == NoticeKind.ACTIVITY:
        past, sort_field = Q(end_at__lt=now), "start_at"
    else:
        past, sort_field = Q(deadline__lte=now), "deadline"
    return queryset.annotate(
        is_past=Case(When(past, then=Value(1)), default=Value(0), output_field=IntegerField()),
        current_sort=Case(When(~past, then=F(sort_field))),
        past_sort=Case(When(past, then=F(sort_field))),
    ).order_by(
        "is_past",
        F("current_sort").asc(nulls_last=True),
        F("past_sort").desc(nulls_last=True),
        "-pk",
    )


class NoticeListing:
    def __init__(self, index_page, request, per_page=PER_PAGE):
        self.index_page = index_page
        self.request = request
        self.kind = NoticeKind(index_page.kind)
        self.per_page = per_page
        self.now = timezone.now()
        self.form = NoticeFilterForm(request.GET, kind=self.kind, years=self._years)
        self.filters = self.form.filters()
        page = request.GET.get("page", "")
        self.page_number = min(int(page), MAX_PAGE_NUMBER) if page.isdigit() else 1

    @property
    def cache_key(self):
        """The normalised filter state: unknown parameters cannot multiply cache entries."""
        return "{}:{}:{}".format(
            self.filters.get("status", ""), self.filters.get("year", ""), self.page_number
        )

    @property
    def is_filtered(self):
        return bool(self.filters)

    def _years(self):
        dates = self.index_page.live_notices().dates("publish_date", "year", order="DESC")
        return [date.year for date in dates]

    @cached_property
    def queryset(self):
        notices = self.index_page.live_notices()
        if status := self.filters.get("status"):
            notices = notices.filter(status_filter(self.kind, status, self.now))
        if year := self.filters.get("year"):
            notices = notices.filter(publish_date__year=year)
        return _ordered(notices, self.kind, self.now)

    @cached_property
    def page_obj(self):
        return Paginator(self.queryset, self.per_page).get_page(self.page_number)

    @cached_property
    def items(self):
        base_url = self.index_page.get_url(self.request)
        return [ListedNotice(notice, f"{base_url}{notice.slug}/") for notice in self.page_obj]
