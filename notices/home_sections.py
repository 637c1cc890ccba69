"""The notices' sections of the home page (see home/sections.py).

Each section's rows are computed once per content version and kept in the cache as plain data,
so the home page runs no notice query at all on a warm cache and a fixed few on a cold one.
Time-dependent filtering (what is still open, still upcoming) is redone on every request from
the cached dates, so a declaration never shows as open after its deadline.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.sections import HomeSection
from notices.models import NoticeIndexPage, NoticeKind
from notices.models.declarations import declaration_status
from portal.cache import content_version
from portal.fragment_cache import fragment_cache

SHOWN = 5
# Fetch a few more than shown so rows that expire before the next publish can be dropped.
CANDIDATES = SHOWN * 3
CACHE_SECONDS = 600


@dataclass(frozen=True)
class SectionRow:
    title: str
    url: str
    publish_date: date
    starts: datetime | None = None
    ends: datetime | None = None
    place: str = ""


@dataclass(frozen=True)
class SectionData:
    index_title: str
    index_url: str
    rows: tuple


def _section_data(request, home_page, kind, build_rows):
    key = f"notices:home:{kind}:{home_page.pk}:{content_version()}"
    # Keyed by the content version: each worker may keep its own copy (portal/fragment_cache.py).
    fragments = fragment_cache()
    data = fragments.get(key)
    if data is None:
        index_page = (
            NoticeIndexPage.objects.live().public().child_of(home_page).filter(kind=kind).first()
        )
        if index_page is None:
            data = SectionData("", "", ())
        else:
            index_url = index_page.get_url(request)
            data = SectionData(
                index_page.title, index_url, tuple(build_rows(index_page, index_url))
            )
        fragments.set(key, data, CACHE_SECONDS)
    return data


def _open_declaration_rows(index_page, index_url):
    notices = index_page.live_notices().filter(deadline__gt=timezone.now()).order_by("deadline")
    for notice in notices[:CANDIDATES]:
        yield SectionRow(
            notice.title,
            f"{index_url}{notice.slug}/",
            notice.publish_date,
            starts=notice.opens_at,
            ends=notice.deadline,
        )


def _upcoming_activity_rows(index_page, index_url):
    notices = index_page.live_notices().filter(end_at__gte=timezone.now()).order_by("start_at")
    for notice in notices[:CANDIDATES]:
        yield SectionRow(
            notice.title,
            f"{index_url}{notice.slug}/",
            notice.publish_date,
            starts=notice.start_at,
            ends=notice.end_at,
            place=notice.place,
        )


def _latest_news_rows(index_page, index_url):
    notices = index_page.live_notices().order_by("-publish_date", "-first_published_at")
    for notice in notices[:SHOWN]:
        yield SectionRow(notice.title, f"{index_url}{notice.slug}/", notice.publish_date)


def open_declarations(request, home_page):
    data = _section_data(request, home_page, NoticeKind.DECLARATION, _open_declaration_rows)
    now = timezone.now()
    rows = [
        (row, declaration_status(row.starts, row.ends, now)) for row in data.rows if row.ends > now
    ][:SHOWN]
    if not rows:
        return None

    def items():
        return [
            {
                **_row_item(row),
                "opens_at": row.starts.isoformat() if row.starts else None,
                "deadline": row.ends.isoformat(),
                "status": status.value,
                "status_label": str(status.label),
            }
            for row, status in rows
        ]

    return HomeSection(
        template="notices/includes/home_declarations.html",
        context={"data": data, "rows": rows},
        key="declarations",
        title=_("项目申报"),
        link=data.index_url,
        items=items,
    )


def upcoming_activities(request, home_page):
    data = _section_data(request, home_page, NoticeKind.ACTIVITY, _upcoming_activity_rows)
    now = timezone.now()
    rows = [row for row in data.rows if row.ends >= now][:SHOWN]
    if not rows:
        return None

    def items():
        return [
            {
                **_row_item(row),
                "start_at": row.starts.isoformat(),
                "end_at": row.ends.isoformat(),
                "place": row.place,
            }
            for row in rows
        ]

    return HomeSection(
        template="notices/includes/home_activities.html",
        context={"data": data, "rows": rows},
        key="activities",
        title=_("活动通知"),
        link=data.index_url,
        items=items,
    )


def latest_news(request, home_page):
    data = _section_data(request, home_page, NoticeKind.NEWS, _latest_news_rows)
    if not data.rows:
        return None
    return HomeSection(
        template="notices/includes/home_news.html",
        context={"data": data, "rows": data.rows},
        key="news",
        title=_("新闻动态"),
        link=data.index_url,
        items=lambda: [_row_item(row) for row in data.rows],
    )


def _row_item(row):
    """A row as the API's site endpoint shows it (home/sections.py)."""
    return {"title": row.title, "url": row.url, "publish_date": row.publish_date.isoformat()}
