"""The policy index's filters, sorting and pagination.

Everything here is lazy: the index template caches the filters and the list as one fragment, so
on a cache hit none of these queries run.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from policies.models.policy_page import PolicyPage, PolicyStatus
from policies.models.taxonomies import IssuingBody, PolicyCategory, PolicyLevel

ANY = [("", _("全部"))]


class PolicySort:
    NEWEST = "newest"
    EFFECTIVE = "effective"
    CHOICES = [(NEWEST, _("最新发布")), (EFFECTIVE, _("施行日期"))]
    ORDERING = {
        NEWEST: ["-publish_date", "-pk"],
        EFFECTIVE: [F("effective_date").desc(nulls_last=True), "-publish_date", "-pk"],
    }


class PolicyFilterForm(forms.Form):
    """A GET form; a value that is not one of the choices is dropped, never an error page."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("级别"), required=False, choices=ANY + PolicyLevel.choices)
    issuing_body = forms.ChoiceField(label=_("发文机关"), required=False)
    category = forms.ChoiceField(label=_("政策类别"), required=False)
    year = forms.ChoiceField(label=_("发布年份"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=ANY + PolicyStatus.choices)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=PolicySort.CHOICES)

    def __init__(self, data, *, policies):
        super().__init__(data)
        self.fields["issuing_body"].choices = ANY + self._issuing_body_choices()
        self.fields["category"].choices = ANY + [
            (category.slug, category.name) for category in PolicyCategory.objects.all()
        ]
        years = policies.dates("publish_date", "year", order="DESC")
        self.fields["year"].choices = ANY + [(str(day.year), str(day.year)) for day in years]

    @staticmethod
    def _issuing_body_choices():
        """Issuing bodies grouped by level (国家级 / 省级 / 市县级), as option groups."""
        groups = {level: [] for level in PolicyLevel.values}
        for body in IssuingBody.objects.all():
            groups.setdefault(body.level, []).append((str(body.pk), body.name))
        return [
            (PolicyLevel(level).label, options)
            for level, options in groups.items()
            if options and level in PolicyLevel.values
        ]

    def filter(self, policies):
        self.is_valid()
        data = self.cleaned_data  # only the fields that validated
        if query := data.get("q", "").strip():
            policies = policies.filter(
                Q(title__icontains=query) | Q(document_number__icontains=query)
            )
        if level := data.get("level"):
            policies = policies.filter(level=level)
        if issuing_body := data.get("issuing_body"):
            policies = policies.filter(issuing_body_id=int(issuing_body))
        if category := data.get("category"):
            policies = policies.filter(categories__slug=category).distinct()
        if year := data.get("year"):
            policies = policies.filter(publish_date__year=int(year))
        if status := data.get("status"):
            policies = policies.with_status(status)
        ordering = PolicySort.ORDERING[data.get("sort") or PolicySort.NEWEST]
        return policies.order_by(*ordering)

    @property
    def is_filtered(self):
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in self.fields if name != "sort")


class PolicyListing:
    """One page of an index's policies as the request's filters select them."""

    per_page = 15

    def __init__(self, index_page, request):
        self.index_page = index_page
        self.request = request

    @cached_property
    def index_url(self):
        # Policies are children of the index, so a row's URL is this plus its slug: no lookups.
        return self.index_page.get_url(self.request)

    @cached_property
    def policies(self):
        return PolicyPage.objects.child_of(self.index_page).live().public()

    @cached_property
    def form(self):
        return PolicyFilterForm(self.request.GET, policies=self.policies)

    @cached_property
    def page_obj(self):
        filtered = self.form.filter(self.policies.for_listing())
        return Paginator(filtered, self.per_page).get_page(self.request.GET.get("page"))
