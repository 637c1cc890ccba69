"""What the site search looks in: one small class per kind of result, and the search itself.

A `SearchSource` says which rows of its model the public may see (`get_queryset`: live,
published, approved — the same rules as the kind's own listing), how to load them for display,
and how to show one (title, URL, date, owner, the texts a snippet is cut from). `SOURCES` lists
them in the order of the tabs; adding a kind of result is adding a class there.

`SiteSearch` runs one query over them with the search backend's public API only
(`backend.search(q, queryset)`, which is what `queryset.search(q)` calls, `annotate_score`,
`count`): one count per source, then for the page asked for the ranked ids (only the primary
key is read) and one query per source to load those rows for display. The number of SQL
queries therefore depends on the number of sources, never on the number of matching rows. The
public filters are applied to the queryset that is searched, so visibility is decided at query
time from the rows themselves, whatever the index holds.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from search.highlight import Highlighted, QueryHighlighter, html_to_text

# Results of the merged "全部" list and of one kind are shown up to this depth (50 pages of
# 10): deeper pages cost more and nobody reads them; a narrower query is the better answer.
MAX_RESULTS = 500


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


def stream_text(value):
    """The words of a StreamField value, read from its raw JSON: no block is rendered and no
    chooser block loads its object (which would cost a query per result)."""
    raw = getattr(value, "raw_data", value)
    texts = []

    def walk(item):
        if isinstance(item, str):
            # Skip identifiers and settings ("left", "h2", URLs): keep text with spaces or CJK.
            if " " in item.strip() or any(ord(character) > 0x2E7F for character in item):
                texts.append(html_to_text(item))
        elif isinstance(item, dict):
            if "type" in item and "value" in item:
                walk(item["value"])
            else:
                for sub_item in item.values():
                    walk(sub_item)
        elif isinstance(item, (list, tuple)):
            for sub_item in item:
                walk(sub_item)

    walk(list(raw or []))
    return " ".join(texts)


class SearchSource:
    """One kind of search result. Subclasses set `key`, `label`, `model` and say how to read
    their public rows and show one."""

    key = ""
    label = ""
    model = None

    def get_queryset(self, context):
        """The rows anyone may see. `context` is the `SiteSearch` (its site, its shared data)."""
        raise NotImplementedError

    def for_display(self, queryset):
        """The same rows with what `owner`/`texts` read (select_related), for one page."""
        return queryset

    def title(self, obj):
        return str(obj)

    def url(self, obj, request):
        return obj.get_absolute_url()

    def date(self, obj):
        return None

    def owner(self, obj):
        return ""

    def detail(self, obj):
        """A short fact shown beside the owner (category, kind, document number), or ""."""
        return ""

    def texts(self, obj):
        """Texts a snippet is cut from, best first."""
        return ()

    def section_url(self, request):
        """Where this kind is listed (for the empty state), or None."""
        return None


# Pages ------------------------------------------------------------------------------------------


class PageSource(SearchSource):
    def get_queryset(self, context):
        queryset = self.model.objects.live().exclude(context.private_pages_q)
        if context.site_root is not None:
            queryset = queryset.descendant_of(context.site_root, inclusive=True)
        return queryset

    def title(self, obj):
        return obj.title

    def url(self, obj, request):
        return obj.get_url(request)

    def date(self, obj):
        return _as_date(obj.publish_date)

    def texts(self, obj):
        return (obj.summary, stream_text(obj.body))


class PolicySource(PageSource):
    key = "policy"
    label = _("政策法规")

    @property
    def model(self):
        from policies.models import PolicyPage

        return PolicyPage

    def for_display(self, queryset):
        return queryset.select_related("issuing_body")

    def owner(self, obj):
        return obj.issuing_body.name if obj.issuing_body else ""

    def detail(self, obj):
        return obj.document_number

    def section_url(self, request):
        from policies.models import PolicyIndexPage

        index = PolicyIndexPage.objects.live().public().first()
        return index.get_url(request) if index else None


class NoticeSource(PageSource):
    notice_kind = ""
    model_name = ""

    @property
    def model(self):
        from notices import models

        return getattr(models, self.model_name)

    def section_url(self, request):
        from notices.models import NoticeIndexPage

        index = NoticeIndexPage.objects.live().public().filter(kind=self.notice_kind).first()
        return index.get_url(request) if index else None


class ActivitySource(NoticeSource):
    key = "activity"
    label = _("活动通知")
    notice_kind = "activity"
    model_name = "ActivityNoticePage"

    def owner(self, obj):
        return obj.organiser


class DeclarationSource(NoticeSource):
    key = "declaration"
    label = _("项目申报")
    notice_kind = "declaration"
    model_name = "ProjectDeclarationPage"

    def owner(self, obj):
        return obj.competent_department or obj.declaring_body

    def detail(self, obj):
        return obj.status.label

    def texts(self, obj):
        return (
            obj.summary,
            stream_text(obj.body),
            html_to_text(obj.eligibility),
            html_to_text(obj.materials),
        )


class NewsSource(NoticeSource):
    key = "news"
    label = _("新闻动态")
    notice_kind = "news"
    model_name = "NewsPage"

    def owner(self, obj):
        return obj.source


# Marketplace --------------------------------------------------------------------------------


class ServiceProductSource(SearchSource):
    key = "service"
    label = _("服务产品")

    @property
    def model(self):
        from marketplace.catalogue.models import ServiceProduct

        return ServiceProduct

    def get_queryset(self, context):
        # Live (approved) rows of approved institutions with an active account; a pending
        # edit lives in a revision, never in the row.
        return self.model.objects.public()

    def for_display(self, queryset):
        return queryset.select_related("institution", "category")

    def title(self, obj):
        return obj.name

    def date(self, obj):
        return _as_date(obj.last_published_at or obj.first_published_at)

    def owner(self, obj):
        return obj.institution.name

    def texts(self, obj):
        return (obj.summary, html_to_text(obj.content))

    def detail(self, obj):
        return obj.category.name

    def section_url(self, request):
        return reverse("catalogue:service_list")


class EnterpriseProductSource(SearchSource):
    key = "product"
    label = _("企业产品")

    @property
    def model(self):
        from marketplace.catalogue.models import EnterpriseProduct

        return EnterpriseProduct

    def get_queryset(self, context):
        return self.model.objects.public()

    def for_display(self, queryset):
        return queryset.select_related("enterprise", "category")

    def title(self, obj):
        return obj.name

    def date(self, obj):
        return _as_date(obj.published_at)

    def owner(self, obj):
        return obj.enterprise.name

    def texts(self, obj):
        return (obj.summary, obj.description_text, obj.specifications)

    def detail(self, obj):
        return obj.category.name

    def section_url(self, request):
        return reverse("catalogue:product_list")


class DemandSource(SearchSource):
    key = "demand"
    label = _("需求")

    @property
    def model(self):
        from marketplace.catalogue.models import Demand

        return Demand

    def get_queryset(self, context):
        # Open, before the deadline, of an active member.
        return self.model.objects.public(today=context.today)

    def for_display(self, queryset):
        return queryset.select_related("enterprise", "category")

    def title(self, obj):
        return obj.title

    def date(self, obj):
        return _as_date(obj.created_at)

    def owner(self, obj):
        return obj.enterprise.name

    def texts(self, obj):
        return (obj.description,)

    def detail(self, obj):
        return obj.category.name

    def section_url(self, request):
        return reverse("catalogue:demand_list")


class InstitutionSource(SearchSource):
    key = "institution"
    label = _("服务机构")

    @property
    def model(self):
        from marketplace.members.models import Institution

        return Institution

    def get_queryset(self, context):
        return self.model.objects.approved()

    def for_display(self, queryset):
        return queryset.select_related("platform")

    def title(self, obj):
        return obj.name

    def url(self, obj, request):
        return reverse("members:institution_detail", args=[obj.pk])

    def date(self, obj):
        return _as_date(obj.approved_at)

    def owner(self, obj):
        return obj.platform.name

    def texts(self, obj):
        return (obj.introduction, obj.service_scope)

    def detail(self, obj):
        return obj.get_kind_display()

    def section_url(self, request):
        return reverse("members:institution_list")


SOURCES: tuple[SearchSource, ...] = (
    PolicySource(),
    ActivitySource(),
    DeclarationSource(),
    NewsSource(),
    ServiceProductSource(),
    EnterpriseProductSource(),
    DemandSource(),
    InstitutionSource(),
)
SOURCES_BY_KEY = {source.key: source for source in SOURCES}


# Results ----------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    """One result, ready to show."""

    source: SearchSource
    obj: Any
    score: float
    title: Highlighted
    url: str
    date: date | None
    owner: str
    detail: str
    snippet: Highlighted

    @property
    def type_key(self):
        return self.source.key

    @property
    def type_label(self):
        return self.source.label


@dataclass
class _Ranked:
    source: SearchSource
    pk: Any
    score: float
    position: int
    source_index: int = field(default=0)


class SiteSearch:
    """One query over every source (or one), for one request."""

    def __init__(self, query, request, *, sources=SOURCES):
        self.query = query
        self.request = request
        self.sources = sources
        self.today = timezone.localdate()
        self.highlighter = QueryHighlighter(query)
        self._querysets = {}

    # Shared by the page sources: one look-up each per request, not one per source.
    @cached_property
    def private_pages_q(self):
        from wagtail.models import Page

        return Page.objects.all().private_q()

    @cached_property
    def site_root(self):
        from wagtail.models import Site

        site = Site.find_for_request(self.request) if self.request is not None else None
        return site.root_page if site is not None else None

    def queryset(self, source):
        if source.key not in self._querysets:
            self._querysets[source.key] = source.get_queryset(self)
        return self._querysets[source.key]

    @cached_property
    def backend(self):
        # One backend object for the request (``queryset.search()`` would make one per call).
        return get_search_backend()

    def _results(self, queryset):
        """``queryset.search(query)``, through this request's backend."""
        return self.backend.search(self.query, queryset)

    @cached_property
    def counts(self):
        """{source key: number of matching public rows}: one count per source."""
        if not self.query:
            return {source.key: 0 for source in self.sources}
        # Counted only up to one past what can be shown: an exact count checks every hit against
        # the public queryset, seconds for a common word over tens of thousands of rows.
        return {
            source.key: self._results(self.queryset(source))[: MAX_RESULTS + 1].count()
            for source in self.sources
        }

    def is_capped(self, key=None):
        """Whether the count of `key` (or the total) is only a lower bound."""
        if key:
            return self.counts[key] > MAX_RESULTS
        return any(count > MAX_RESULTS for count in self.counts.values())

    def count_label(self, key=None):
        """The count as shown: with "+" where only a lower bound is known (each capped source
        counts as `MAX_RESULTS`)."""
        counts = [self.counts[key]] if key else list(self.counts.values())
        shown = sum(min(count, MAX_RESULTS) for count in counts)
        return f"{shown}+" if self.is_capped(key) else str(shown)

    @property
    def total(self):
        return sum(self.counts.values())

    def count(self, key=None):
        return self.counts[key] if key else self.total

    def _ranked(self, source, start, stop):
        """Matches `start`..`stop` of a source, best first, as (pk, score): only primary keys
        are read."""
        if not self.counts.get(source.key) or stop <= start:
            return []
        results = self._results(self.queryset(source).only("pk")).annotate_score("_score")
        return [(obj.pk, obj._score or 0.0) for obj in results[start:stop]]

    def ranked_ids(self, key, limit=MAX_RESULTS):
        """The primary keys of one source's best `limit` matches, best first: the rows
        `hits(key, 0, limit)` shows, in its order, without loading them (no count either)."""
        if not self.query:
            return []
        source = SOURCES_BY_KEY[key]
        results = self._results(self.queryset(source).only("pk")).annotate_score("_score")
        return [obj.pk for obj in results[:limit]]

    def hits(self, key, start, stop):
        """Results `start`..`stop` of one source (`key`) or of all merged by score (None)."""
        start, stop = max(start, 0), min(stop, MAX_RESULTS)
        if not self.query or stop <= start:
            return []
        if key:
            source = SOURCES_BY_KEY[key]
            window = [
                _Ranked(source, pk, score, position)
                for position, (pk, score) in enumerate(self._ranked(source, start, stop))
            ]
            return self._load(window)
        # Merged: the best `stop` of every source, sorted by score, then the window.
        ranked = [
            _Ranked(source, pk, score, position, source_index)
            for source_index, source in enumerate(self.sources)
            for position, (pk, score) in enumerate(self._ranked(source, 0, stop))
        ]
        ranked.sort(key=lambda item: (-item.score, item.position, item.source_index))
        return self._load(ranked[start:stop])

    def _load(self, window):
        """The window's rows for display: one query per source that has any."""
        by_source = {}
        for item in window:
            by_source.setdefault(item.source.key, []).append(item.pk)
        loaded = {}
        for source_key, pks in by_source.items():
            source = SOURCES_BY_KEY[source_key]
            queryset = source.for_display(self.queryset(source)).filter(pk__in=pks)
            loaded[source_key] = {obj.pk: obj for obj in queryset}
        hits = []
        for item in window:
            obj = loaded[item.source.key].get(item.pk)
            if obj is None:  # changed between the two queries: no longer public
                continue
            hits.append(self._hit(item.source, obj, item.score))
        return hits

    def _hit(self, source, obj, score):
        return SearchHit(
            source=source,
            obj=obj,
            score=score,
            title=self.highlighter.highlight(source.title(obj)),
            url=source.url(obj, self.request) or "",
            date=source.date(obj),
            owner=source.owner(obj) or "",
            detail=str(source.detail(obj) or ""),
            snippet=self.highlighter.snippet(*source.texts(obj)),
        )


class ResultWindow:
    """The results of a `SiteSearch` as a sequence Django's `Paginator` can page through:
    its length is the count (capped at `MAX_RESULTS`) and a slice runs the search for it."""

    def __init__(self, site_search, key=None):
        self.site_search = site_search
        self.key = key

    def count(self):
        return min(self.site_search.count(self.key), MAX_RESULTS)

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, slice):
            return self.site_search.hits(self.key, item.start or 0, item.stop or MAX_RESULTS)
        hits = self.site_search.hits(self.key, item, item + 1)
        if not hits:
            raise IndexError(item)
        return hits[0]
