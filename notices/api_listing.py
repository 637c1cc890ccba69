"""What /api/v2/pages/?type=notices.… adds to Wagtail's page listing: the HTML listing's filters
(`?status=`, `?year=`) and an activity's sign-up state.

The filters use the same queries as the notice index (`notices.listing.status_filter`), so an
app and the HTML agree on what is open, upcoming or closed. Unlike the HTML, which ignores a bad
value, the API answers 400 with a Chinese message: an app wants to know it asked wrongly.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from notices.models.signups import ActivitySignUp

# The annotation `optimise_api_listing` adds, read by `SignUpSummaryField`.
SIGNUP_COUNT_ANNOTATION = "api_signup_count"


def filter_notices(queryset, params, kind):
    """`?status=` (kinds with a status) and `?year=` (of the publish date)."""
    # Imported here: the page models import this module while the models load.
    from wagtail.api.v2.utils import BadRequestError

    from notices.forms import EARLIEST_YEAR, LATEST_YEAR, STATUS_CHOICES
    from notices.listing import status_filter

    # An empty value is the HTML form's "全部": no filter.
    if status := params.get("status"):
        allowed = [value for value, _label in STATUS_CHOICES[kind]]
        if status not in allowed:
            raise BadRequestError(
                _("参数 status 必须是以下之一：%(values)s。") % {"values": "、".join(allowed)}
            )
        queryset = queryset.filter(status_filter(kind, status, timezone.now()))
    if year := params.get("year"):
        if not (year.isdigit() and len(year) == 4 and EARLIEST_YEAR <= int(year) <= LATEST_YEAR):
            raise BadRequestError(
                _("参数 year 必须是 %(earliest)s 到 %(latest)s 之间的年份。")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            )
        queryset = queryset.filter(publish_date__year=int(year))
    return queryset


def with_signup_counts(queryset):
    """Each activity's number of sign-ups in the listing's own query (no GROUP BY on it)."""
    counts = (
        ActivitySignUp.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return queryset.annotate(
        **{SIGNUP_COUNT_ANNOTATION: Coalesce(Subquery(counts, output_field=IntegerField()), 0)}
    )


class SignUpSummaryField(serializers.Field):
    """An activity's sign-up state as the page shows it to everyone: never who signed up."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, activity):
        count = getattr(activity, SIGNUP_COUNT_ANNOTATION, None)
        if count is None:  # a detail view: one page, one count
            count = activity.signup_count()
        capacity = activity.capacity or None
        remaining = max(capacity - count, 0) if capacity else None
        full = remaining == 0
        closed = activity.signup_is_closed()
        return {
            "enabled": activity.signup_enabled,
            "open": activity.signup_enabled and not closed and not full,
            "capacity": capacity,
            "count": count,
            "remaining": remaining,
            "full": full,
            "deadline": serializers.DateTimeField().to_representation(
                activity.effective_signup_deadline
            ),
        }
